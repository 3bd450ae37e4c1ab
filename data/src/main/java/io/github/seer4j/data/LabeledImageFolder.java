package io.github.seer4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Labelled photos in torchvision's ImageFolder layout: one sub-folder per class (sorted names give labels 0, 1, ...),
 * images anywhere below it. Each image is served as a {@code size x size} RGB view the way torchvision evaluates:
 * the short side resized to {@code size * 8 / 7} (256 for 224), then the centre {@code size x size} cut (one bilinear
 * resample of the centre square; gray images repeat their plane in all three channels). Files are listed compactly
 * and checked once when opened (those that do not decode go to the skip log and get no label); nothing is held.
 */
public final class LabeledImageFolder implements ImageSource {

    /** A training and a validation set over the same classes. */
    public record Split(LabeledImageFolder train, LabeledImageFolder val) {
        public List<String> classes() {
            return train.classes();
        }
    }

    private final List<String> classes;
    private final List<Path> files; // only good files; a list of Path is fine at evaluation sizes
    private final int[] labels;
    private final int size;

    private LabeledImageFolder(List<String> classes, List<Path> files, int[] labels, int size) {
        this.classes = List.copyOf(classes);
        this.files = List.copyOf(files);
        this.labels = labels;
        this.size = size;
    }

    /**
     * Opens {@code dir}: with {@code train/} and {@code val/} sub-folders, those two (val's classes must be train's);
     * otherwise every class folder of {@code dir} split per class by a seeded shuffle, {@code valFraction} of each
     * class (rounded, at least 1 when the class has 2 or more images) to validation.
     */
    public static Split open(Path dir, double valFraction, long seed, int size, SkipLog log) throws IOException {
        if (size < 8) {
            throw new IllegalArgumentException("evaluation size must be at least 8 pixels, got " + size);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("labelled data " + dir + " is not a folder; give a folder with one sub-folder per"
                    + " class (or train/ and val/ folders laid out that way)");
        }
        Path train = dir.resolve("train");
        Path val = dir.resolve("val");
        if (Files.isDirectory(train) && Files.isDirectory(val)) {
            List<String> classes = classFolders(train, 2);
            List<String> valClasses = classFolders(val, 1);
            for (String c : valClasses) {
                if (!classes.contains(c)) {
                    throw new IOException("class folder " + val.resolve(c) + " has no match in " + train
                            + "; val/ must use the class names of train/");
                }
            }
            List<List<Path>> tr = listClasses(train, classes, size, log);
            List<List<Path>> va = listClasses(val, classes, size, log);
            return new Split(build(classes, tr, size, train), build(classes, va, size, val));
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException(dir + " has no train/ and val/ folders; give a validation fraction in"
                    + " (0, 1), e.g. --val-fraction 0.2, got " + valFraction);
        }
        List<String> classes = classFolders(dir, 2);
        List<List<Path>> all = listClasses(dir, classes, size, log);
        List<List<Path>> tr = new ArrayList<>();
        List<List<Path>> va = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (List<Path> members : all) {
            Path[] p = members.toArray(new Path[0]);
            for (int i = p.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Path t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            int nVal = p.length < 2 ? 0 : (int) Math.max(1, Math.min(p.length - 1, Math.round(valFraction * p.length)));
            List<Path> v = new ArrayList<>(Arrays.asList(p).subList(0, nVal));
            List<Path> t = new ArrayList<>(Arrays.asList(p).subList(nVal, p.length));
            v.sort(null);
            t.sort(null);
            va.add(v);
            tr.add(t);
        }
        return new Split(build(classes, tr, size, dir), build(classes, va, size, dir));
    }

    private static LabeledImageFolder build(List<String> classes, List<List<Path>> byClass, int size, Path where)
            throws IOException {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            for (Path p : byClass.get(c)) {
                files.add(p);
                labels.add(c);
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no usable labelled image in " + where + "; each class folder needs images");
        }
        return new LabeledImageFolder(classes, files, labels.stream().mapToInt(Integer::intValue).toArray(), size);
    }

    private static List<String> classFolders(Path dir, int min) throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (names.size() < min) {
            throw new IOException(dir + " has " + names.size() + " class folder(s); it needs at least " + min + " (one"
                    + " sub-folder per class, images inside; a classifier needs 2 classes)");
        }
        return names;
    }

    /** Lists each class's images, decoding each once to drop (and log) the ones that would not load. */
    private static List<List<Path>> listClasses(Path dir, List<String> classes, int size, SkipLog log)
            throws IOException {
        List<List<Path>> out = new ArrayList<>();
        for (String c : classes) {
            Path classDir = dir.resolve(c);
            List<Path> good = new ArrayList<>();
            if (Files.isDirectory(classDir)) {
                StreamingImageFolder f;
                try {
                    f = StreamingImageFolder.open(classDir, 0, log);
                } catch (IOException e) {
                    out.add(good); // a class with no image files here (e.g. absent from val/)
                    continue;
                }
                int shortSide = size * 8 / 7;
                for (int i = 0; i < f.size(); i++) {
                    Path p = f.path(i);
                    try {
                        ImageDecoder.decode(p, shortSide);
                        good.add(p);
                    } catch (ImageDecoder.UnusableImageException e) {
                        log.skip(p, e.getMessage());
                    }
                }
            }
            out.add(good);
        }
        return out;
    }

    public List<String> classes() {
        return classes;
    }

    /** Evaluation size (pixels per side). */
    public int imageSize() {
        return size;
    }

    /** Label of image {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** A copy of all labels, in image order. */
    public int[] labels() {
        return labels.clone();
    }

    public Path path(int index) {
        return files.get(index);
    }

    @Override
    public int size() {
        return files.size();
    }

    /** The {@code size x size} RGB centre view of image {@code index}. */
    @Override
    public Image image(int index) {
        Image img;
        try {
            img = ImageDecoder.decode(files.get(index), size * 8 / 7);
        } catch (ImageDecoder.UnusableImageException e) {
            throw new IllegalStateException("labelled image " + files.get(index) + " decoded when listed but not now: "
                    + e.getMessage() + "; it changed while in use, restore it or remove it", e);
        }
        return centreView(img, size);
    }

    /** The centre square of {@code 7/8} of the short side, resampled bilinearly to {@code size}, in 3 channels. */
    static Image centreView(Image img, int size) {
        double side = Math.min(img.height(), img.width()) * 7.0 / 8.0;
        double[] box = {(img.height() - side) / 2, (img.width() - side) / 2, side, side};
        float[] out = new float[img.channels() * size * size];
        Bilinear.resize(img, box, false, size, out);
        if (img.channels() == 3) {
            return new Image(3, size, size, out);
        }
        float[] rgb = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(out, 0, rgb, c * size * size, size * size);
        }
        return new Image(3, size, size, rgb);
    }
}
