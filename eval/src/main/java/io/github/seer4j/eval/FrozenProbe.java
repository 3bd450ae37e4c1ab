package io.github.seer4j.eval;

import io.github.seer4j.data.BalancedSubset;
import io.github.seer4j.data.ImageSource;
import io.github.seer4j.data.SubsetSource;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.swav.AugmentOptions;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The frozen-trunk evaluation every probe shares: a trunk's features (images normalised as in SwAV's gray
 * augmentation), a seeded class-balanced subset of the training labels, a linear classifier or k-NN fitted on that
 * subset's features, and top-1 accuracy on the test images.
 *
 * @param features which of the trunk's outputs are probed
 * @param method   the classifier fitted on the frozen features
 * @param classes  classes of the labels
 */
public record FrozenProbe(ProbeFeatures features, Method method, int classes) {

    /** Images per forward pass while extracting features. */
    public static final int EXTRACTION_BATCH = 256;

    /** The classifier on the frozen features. */
    public enum Method {
        LINEAR, KNN;

        /** "linear" or "knn", any case. */
        public static Method named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "linear" -> LINEAR;
                case "knn" -> KNN;
                default -> throw new IllegalArgumentException("a frozen probe is 'linear' or 'knn', got '" + name + "'");
            };
        }
    }

    /** Top-1 accuracy on the test images, and the classifier's training iterations (0 for k-NN). */
    public record Result(double top1, int iterations) {}

    /** The labelled training images: their indices and, in the same order, their labels. */
    public record Labelled(int[] indices, int[] labels) {
        public int size() {
            return indices.length;
        }

        /** These images' rows of features computed for every training image. */
        public INDArray rows(INDArray allFeatures) {
            return allFeatures.getRows(indices);
        }
    }

    public FrozenProbe {
        if (features == null || method == null || classes < 2) {
            throw new IllegalArgumentException("a frozen probe needs features, a method and at least 2 classes; got "
                    + features + ", " + method + ", " + classes + " classes");
        }
    }

    /** A seeded class-balanced {@code fraction} of the images whose labels are {@code allLabels}. */
    public Labelled labelled(int[] allLabels, double fraction, long seed) {
        int[] indices = BalancedSubset.select(allLabels, classes, fraction, seed);
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            y[i] = allLabels[indices[i]];
        }
        return new Labelled(indices, y);
    }

    /** The extractor of this probe's features from {@code trunk}. */
    public FeatureExtractor extractor(RegNetNetwork trunk) {
        AugmentOptions norm = AugmentOptions.swavGray();
        return new FeatureExtractor(trunk, norm.mean(), norm.std(), features, EXTRACTION_BATCH);
    }

    /** Fits the classifier on the labelled features and tests it. */
    public Result fit(INDArray trainX, int[] trainY, INDArray testX, int[] testY) {
        if (method == Method.KNN) {
            return new Result(KnnClassifier.defaults().accuracy(trainX, trainY, testX, testY, classes), 0);
        }
        LinearProbe.Result r = LinearProbe.defaults().fitAndEvaluate(trainX, trainY, testX, testY, classes);
        return new Result(r.testAccuracy(), r.iterations());
    }

    /** Extracts the features of the labelled training images and of the test images from {@code trunk}, then fits. */
    public Result run(RegNetNetwork trunk, ImageSource train, Labelled labelled, ImageSource test, int[] testLabels) {
        FeatureExtractor extractor = extractor(trunk);
        INDArray x = extractor.extract(new SubsetSource(train, labelled.indices()));
        return fit(x, labelled.labels(), extractor.extract(test), testLabels);
    }
}
