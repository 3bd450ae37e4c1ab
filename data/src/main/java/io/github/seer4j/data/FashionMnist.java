package io.github.seer4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads Fashion-MNIST from the idx files of the Debian package {@code dataset-fashion-mnist}. */
public final class FashionMnist {

    /** Where the Debian package puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Which half of the data set. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private FashionMnist() {}

    /** Loads a split from {@link #DEFAULT_DIR}. */
    public static LabeledImages load(Split split) throws IOException {
        return load(DEFAULT_DIR, split);
    }

    /** Loads a split from {@code dir}, which holds {@code train-images-idx3-ubyte[.gz]} and friends. */
    public static LabeledImages load(Path dir, Split split) throws IOException {
        Path images = find(dir, split.prefix + "-images-idx3-ubyte");
        Path labels = find(dir, split.prefix + "-labels-idx1-ubyte");
        IdxFile.Contents img = IdxFile.read(images);
        IdxFile.Contents lab = IdxFile.read(labels);
        if (img.dims().length != 3) {
            throw new IOException(images + " has rank " + img.dims().length + ", images need rank 3 (n, rows, cols)");
        }
        if (lab.dims().length != 1) {
            throw new IOException(labels + " has rank " + lab.dims().length + ", labels need rank 1");
        }
        int n = img.dims()[0];
        if (lab.dims()[0] != n) {
            throw new IOException(images + " holds " + n + " images but " + labels + " holds " + lab.dims()[0]
                    + " labels");
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.data()[i] & 0xff;
        }
        return new LabeledImages(img.data(), n, img.dims()[1], img.dims()[2], y);
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("Fashion-MNIST file " + base + "[.gz] not found in " + dir
                + "; install the data set with: sudo apt-get install -y dataset-fashion-mnist"
                + " (it puts the idx files under " + DEFAULT_DIR + ")");
    }
}
