package io.github.seer4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where Fashion-MNIST comes from: the full Debian copy when it is installed, otherwise the 6,000 / 1,000 image slice
 * embedded in the jar (enough for the quickstart). The choice is reported, never silent.
 */
public final class FashionMnistData {
    private static final String RESOURCE_DIR = "/fashion-mnist/";
    private static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
    private static Path extracted;

    private FashionMnistData() {}

    /** True when the Debian package's files are present. */
    public static boolean installed() {
        return Files.isRegularFile(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte"));
    }

    /** One split, from the installed copy or (saying so on stderr) from the embedded slice. */
    public static LabeledImages load(FashionMnist.Split split) throws IOException {
        if (installed()) {
            return FashionMnist.load(split);
        }
        System.err.println("seer4j: Fashion-MNIST is not installed; using the slice embedded in the jar (6,000 train /"
                + " 1,000 test images). For the full set: sudo apt-get install -y dataset-fashion-mnist");
        return FashionMnist.load(embeddedDir(), split);
    }

    /** Loads the embedded slice, whatever is installed (for tests and reproducible quick runs). */
    public static LabeledImages loadEmbedded(FashionMnist.Split split) throws IOException {
        return FashionMnist.load(embeddedDir(), split);
    }

    private static synchronized Path embeddedDir() throws IOException {
        if (extracted == null) {
            Path dir = Files.createTempDirectory("seer4j-fashion-mnist");
            for (String f : FILES) {
                try (InputStream in = FashionMnistData.class.getResourceAsStream(RESOURCE_DIR + f)) {
                    if (in == null) {
                        throw new IOException("the jar has no embedded " + f + "; rebuild with mvn package");
                    }
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
                dir.resolve(f).toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            extracted = dir;
        }
        return extracted;
    }

    /** {@link #load} for callers that cannot throw checked exceptions. */
    public static LabeledImages loadUnchecked(FashionMnist.Split split) {
        try {
            return load(split);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
