package io.github.seer4j.eval;

import io.github.seer4j.data.FashionMnist;
import io.github.seer4j.data.FashionMnistData;
import io.github.seer4j.data.ImageSource;
import io.github.seer4j.data.LabeledImageFolder;
import io.github.seer4j.data.LabeledImages;
import io.github.seer4j.data.SkipLog;
import io.github.seer4j.swav.AugmentOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The labelled data of an evaluation: a training set (the low-shot subsets are drawn from it) and a test set, with
 * labels, the class count, the input channels and the normalisation the trunk was trained with.
 *
 * @param key   what tells these images apart in the feature cache
 * @param name  for reports ("fashion-mnist", or the folder)
 */
public record ProbeData(String key, String name, ImageSource train, int[] trainLabels, ImageSource test,
        int[] testLabels, int classes, int channels, float[] mean, float[] std) {

    public ProbeData {
        if (trainLabels.length != train.size() || testLabels.length != test.size()) {
            throw new IllegalArgumentException("one label per image needed: " + trainLabels.length + " labels for "
                    + train.size() + " training images, " + testLabels.length + " for " + test.size() + " test images");
        }
    }

    /** Fashion-MNIST's 60,000 training and 10,000 test images, gray, at 28 px. */
    public static ProbeData fashionMnist() throws IOException {
        LabeledImages train = FashionMnistData.load(FashionMnist.Split.TRAIN);
        LabeledImages test = FashionMnistData.load(FashionMnist.Split.TEST);
        AugmentOptions norm = AugmentOptions.swavGray();
        return new ProbeData("fashion-mnist|" + train.size() + "|" + test.size(), "fashion-mnist", train,
                train.labels(), test, test.labels(), 10, 1, norm.mean(), norm.std());
    }

    /**
     * Photos in class sub-folders ({@link LabeledImageFolder}): {@code train/} and {@code val/}, or one tree split by
     * {@code valFraction} with {@code seed}; evaluated as RGB {@code size x size} centre views with the photo
     * pretraining's normalisation; files that do not decode go to {@code log}.
     */
    public static ProbeData folder(Path dir, double valFraction, long seed, int size, SkipLog log) throws IOException {
        LabeledImageFolder.Split s = LabeledImageFolder.open(dir, valFraction, seed, size, log);
        AugmentOptions norm = AugmentOptions.swavRgb();
        String key = "folder|" + dir.toAbsolutePath().normalize() + "|" + s.train().size() + "|" + s.val().size()
                + "|" + size + "px|split" + valFraction + "|" + seed + "|" + String.join(",", s.classes());
        return new ProbeData(key, dir.toString(), s.train(), s.train().labels(), s.val(), s.val().labels(),
                s.classes().size(), 3, norm.mean(), norm.std());
    }

    /** Class names where known (folder data), else "0".."classes-1". */
    public List<String> classNames() {
        if (train instanceof LabeledImageFolder f) {
            return f.classes();
        }
        return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
}
