package io.github.seer4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Every JPEG/PNG image under a folder (recursively, in sorted path order), decoded into memory; sub-folder names
 * (class labels) are ignored. Files that cannot be decoded are skipped and reported by {@link #skipped()}.
 */
public final class ImageFolder implements ImageSource {

    /** A file that was skipped, and why. */
    public record SkippedFile(Path path, String reason) {}

    private final Path root;
    private final List<Image> images;
    private final List<SkippedFile> skipped;

    private ImageFolder(Path root, List<Image> images, List<SkippedFile> skipped) {
        this.root = root;
        this.images = images;
        this.skipped = skipped;
    }

    /** Scans {@code root} and decodes every file ending in .jpg, .jpeg or .png (any case). */
    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("image folder " + root + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(ImageFolder::isImageName).sorted().toList();
        }
        List<Image> images = new ArrayList<>(files.size());
        List<SkippedFile> skipped = new ArrayList<>();
        for (Path f : files) {
            try {
                BufferedImage b = ImageIO.read(f.toFile());
                if (b == null) {
                    skipped.add(new SkippedFile(f, "no image decoder recognises the content"));
                } else {
                    images.add(toImage(b));
                }
            } catch (IOException | RuntimeException e) {
                skipped.add(new SkippedFile(f, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        if (images.isEmpty()) {
            throw new IOException("no readable JPEG/PNG image under " + root + " (" + files.size()
                    + " candidate files, " + skipped.size() + " unreadable)");
        }
        return new ImageFolder(root, List.copyOf(images), Collections.unmodifiableList(skipped));
    }

    static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    /** Converts a decoded image: gray colour models give 1 channel, everything else 3 (alpha dropped). */
    static Image toImage(BufferedImage b) {
        int h = b.getHeight();
        int w = b.getWidth();
        boolean gray = b.getColorModel().getColorSpace().getNumComponents() == 1;
        int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
        int plane = h * w;
        float[] px = new float[(gray ? 1 : 3) * plane];
        for (int i = 0; i < plane; i++) {
            int v = argb[i];
            if (gray) {
                px[i] = (v & 0xff) / 255f;
            } else {
                px[i] = ((v >>> 16) & 0xff) / 255f;
                px[plane + i] = ((v >>> 8) & 0xff) / 255f;
                px[2 * plane + i] = (v & 0xff) / 255f;
            }
        }
        return new Image(gray ? 1 : 3, h, w, px);
    }

    public Path root() {
        return root;
    }

    /** The files that could not be decoded (skipped, never fatal). */
    public List<SkippedFile> skipped() {
        return skipped;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Image image(int index) {
        return images.get(index);
    }
}
