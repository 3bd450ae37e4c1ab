package io.github.seer4j.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import io.github.seer4j.data.BalancedSubset;
import io.github.seer4j.data.FashionMnist;
import io.github.seer4j.data.FashionMnistData;
import io.github.seer4j.data.LabeledImages;
import io.github.seer4j.data.SubsetSource;

/**
 * The Fashion-MNIST images every candidate of a training-based search score sees: a seeded class-balanced subset of
 * {@code trainImages} training images and the first {@code testImages} test images.
 */
record ScoringData(LabeledImages train, int[] subset, SubsetSource test, int[] testLabels) {
    static final int CLASSES = 10;

    static ScoringData load(TrainingOptions options, long seed, String score) {
        int trainImages = options.trainImages();
        int testImages = options.testImages();
        if (!options.data().equalsIgnoreCase("fashion-mnist")) {
            throw new IllegalArgumentException("--data " + options.data() + " is not supported by the " + score
                    + " score; use fashion-mnist");
        }
        if (trainImages < CLASSES || trainImages > 60_000) {
            throw new IllegalArgumentException("--train-images must be in [10, 60000], got " + trainImages);
        }
        if (testImages < 1 || testImages > 10_000) {
            throw new IllegalArgumentException("--test-images must be in [1, 10000], got " + testImages);
        }
        try {
            LabeledImages train = FashionMnistData.load(FashionMnist.Split.TRAIN);
            LabeledImages fullTest = FashionMnistData.load(FashionMnist.Split.TEST);
            int n = Math.min(testImages, fullTest.size());
            int[] first = new int[n];
            Arrays.setAll(first, i -> i);
            int[] subset = BalancedSubset.select(train.labels(), CLASSES,
                    Math.min(1.0, trainImages / (double) train.size()), seed);
            return new ScoringData(train, subset, new SubsetSource(fullTest, first),
                    Arrays.copyOf(fullTest.labels(), n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load Fashion-MNIST: " + e.getMessage(), e);
        }
    }

    /** Labels of the training subset, in subset order. */
    int[] subsetLabels() {
        int[] all = train.labels();
        int[] y = new int[subset.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = all[subset[i]];
        }
        return y;
    }
}
