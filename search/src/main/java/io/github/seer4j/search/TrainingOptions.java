package io.github.seer4j.search;

/**
 * Settings of the training-proxy scores ({@code supervised}, {@code swav}): epochs per candidate, the data set, the
 * class-balanced training subset, the first test images scored, and the supervised peak learning rate.
 */
public record TrainingOptions(int epochs, String data, int trainImages, int testImages, double learningRate) {

    /** The defaults: 1 epoch on 2,000 Fashion-MNIST training images, top-1 error on 2,000 test images, rate 0.01. */
    public static final TrainingOptions DEFAULTS = new TrainingOptions(1, "fashion-mnist", 2000, 2000, 0.01);

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("data must name a data set, e.g. fashion-mnist");
        }
        if (trainImages < 1 || testImages < 1) {
            throw new IllegalArgumentException("train and test images must be at least 1, got " + trainImages + " and "
                    + testImages);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be positive and finite, got " + learningRate);
        }
    }

    public static TrainingOptions defaults() {
        return DEFAULTS;
    }

    public TrainingOptions withEpochs(int e) {
        return new TrainingOptions(e, data, trainImages, testImages, learningRate);
    }
}
