package io.github.seer4j.eval;

import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.train.SupervisedTraining;

import java.util.List;

/**
 * The fixed parts of the story: the SwAV settings (its step count is set from the budget), how many steps calibrate
 * each rate, the bounds on the SwAV steps, the supervised recipe (batch, peak learning rate, weight decay, shifts,
 * the epochs it would like), the label fractions and the number of classes.
 *
 * @param pretrain          SwAV settings; {@code steps}, {@code freezePrototypes} and {@code checkpointEvery} are
 *                          replaced once the step count is known
 * @param supervisedEpochs  the epochs a supervised run gets when time allows; a run shortened below them is
 *                          reported as time-capped
 */
public record StorySettings(PretrainConfig pretrain, int calibrationSteps, long minPretrainSteps,
                            long maxPretrainSteps, int supervisedBatch, double supervisedLr,
                            double supervisedWeightDecay, int supervisedShift, long minSupervisedSteps,
                            int supervisedEpochs, List<Double> fractions, int classes, long seed) {

    public StorySettings {
        fractions = List.copyOf(fractions);
        if (calibrationSteps < 1 || minPretrainSteps < 1 || maxPretrainSteps < minPretrainSteps
                || supervisedBatch < 1 || minSupervisedSteps < 1 || supervisedEpochs < 1 || classes < 2) {
            throw new IllegalArgumentException("need calibration steps >= 1, 1 <= min <= max pretrain steps,"
                    + " supervised batch, min steps and epochs >= 1, classes >= 2; got " + calibrationSteps + ", "
                    + minPretrainSteps + ", " + maxPretrainSteps + ", " + supervisedBatch + ", " + minSupervisedSteps
                    + ", " + supervisedEpochs + ", " + classes);
        }
        if (fractions.isEmpty() || fractions.stream().anyMatch(f -> !(f > 0 && f <= 1))
                || fractions.stream().distinct().count() != fractions.size()) {
            throw new IllegalArgumentException("label fractions must be distinct and in (0, 1], got " + fractions);
        }
        if (!(supervisedLr > 0) || !(supervisedWeightDecay >= 0) || supervisedShift < 0) {
            throw new IllegalArgumentException("need supervised lr > 0, weight decay >= 0, shift >= 0; got "
                    + supervisedLr + ", " + supervisedWeightDecay + ", " + supervisedShift);
        }
    }

    /**
     * SwAV as the quickstart runs it ({@link PretrainConfig#defaults}: 2x28 crops, batch 64, K = 100, no queue,
     * warm-up and frozen prototypes for the first 10% of the steps), at least 20 steps
     * after 6 calibration steps; supervised as {@link SupervisedTraining.Config#defaults} (batch 128, lr 0.05, weight
     * decay 5e-4, 2-pixel shifts) for up to 30 epochs and at least 10 steps; 1%, 10% and 100% of the 10 classes'
     * labels.
     */
    public static StorySettings defaults(long seed) {
        PretrainConfig d = PretrainConfig.defaults();
        PretrainConfig swav = d.toBuilder().epochs(1).steps(0).seed(seed).build();
        SupervisedTraining.Config s = SupervisedTraining.Config.defaults(1, seed);
        return new StorySettings(swav, 6, 20, Long.MAX_VALUE, s.batchSize(), s.learningRate(), s.weightDecay(),
                s.maxShift(), 10, 30, List.of(0.01, 0.1, 1.0), 10, seed);
    }

    /**
     * The SwAV settings for a run of exactly {@code steps} iterations, over as many epochs as that takes (warm-up and
     * frozen prototypes for its first 10%, {@link PretrainConfig#scheduledFor}; a checkpoint every quarter).
     */
    public PretrainConfig pretrainFor(long steps) {
        return pretrain.toBuilder().epochs((int) Math.min(Integer.MAX_VALUE, steps)).steps(steps)
                .checkpointEvery(Math.max(1, steps / 4)).seed(seed).build().scheduledFor(steps);
    }

    /** The same settings at other label fractions. */
    public StorySettings withFractions(List<Double> newFractions) {
        return new StorySettings(pretrain, calibrationSteps, minPretrainSteps, maxPretrainSteps, supervisedBatch,
                supervisedLr, supervisedWeightDecay, supervisedShift, minSupervisedSteps, supervisedEpochs,
                newFractions, classes, seed);
    }

    /** The supervised recipe for {@code epochs} epochs. */
    public SupervisedTraining.Config supervisedFor(int epochs) {
        return new SupervisedTraining.Config(epochs, supervisedBatch, supervisedLr, supervisedWeightDecay,
                supervisedShift, seed);
    }
}
