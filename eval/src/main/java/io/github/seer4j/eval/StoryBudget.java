package io.github.seer4j.eval;

/**
 * How the story spends its wall-clock budget: a fixed share for SwAV pretraining, a fixed share for supervised
 * training from scratch (split between the label fractions by subset size), and the rest for feature extraction,
 * the linear probes and the test-set evaluations. Each run's length is fixed before it starts, from a measured rate,
 * so its learning-rate schedule runs to the end.
 */
public record StoryBudget(double totalSeconds, double pretrainShare, double supervisedShare) {

    public StoryBudget {
        if (!(totalSeconds > 0)) {
            throw new IllegalArgumentException("the budget must be positive, got " + totalSeconds + " s");
        }
        if (!(pretrainShare > 0 && supervisedShare > 0 && pretrainShare + supervisedShare < 1)) {
            throw new IllegalArgumentException("pretrain and supervised shares must be positive and sum below 1, got "
                    + pretrainShare + " and " + supervisedShare);
        }
    }

    /** The budget in minutes when none is given. */
    public static final double DEFAULT_MINUTES = 30;

    /** 60% pretraining, 25% supervised, 15% features and probes. */
    public static StoryBudget ofMinutes(double minutes) {
        return new StoryBudget(minutes * 60, 0.6, 0.25);
    }

    public double pretrainSeconds() {
        return totalSeconds * pretrainShare;
    }

    public double supervisedSeconds() {
        return totalSeconds * supervisedShare;
    }

    /** What is left for extracting features, fitting the linear probes and testing. */
    public double evaluationSeconds() {
        return totalSeconds * (1 - pretrainShare - supervisedShare);
    }

    /**
     * The seconds of the first of the supervised runs still to do: the remaining time split in proportion to the
     * square root of each run's subset size (a 100x larger subset gets 10x the time; in plain proportion the 1% run
     * would get under 1% of the share, a handful of steps). Called again before each run, it hands time that an
     * earlier run did not use on to the later ones.
     */
    public static double firstShare(double remainingSeconds, int[] remainingSubsetSizes) {
        if (remainingSubsetSizes.length == 0) {
            throw new IllegalArgumentException("no supervised runs left to share " + remainingSeconds + " s between");
        }
        double sum = 0;
        for (int n : remainingSubsetSizes) {
            if (n < 1) {
                throw new IllegalArgumentException("subset sizes must be positive, got " + n);
            }
            sum += Math.sqrt(n);
        }
        return Math.max(0, remainingSeconds) * Math.sqrt(remainingSubsetSizes[0]) / sum;
    }

    /** The steps of {@code imagesPerStep} images that fit in {@code seconds} at {@code imagesPerSecond}, in [min, max]. */
    public static long steps(double seconds, double imagesPerSecond, int imagesPerStep, long min, long max) {
        if (!(imagesPerSecond > 0) || imagesPerStep < 1 || min < 0 || max < min) {
            throw new IllegalArgumentException("need a positive rate, images per step >= 1 and 0 <= min <= max; got "
                    + imagesPerSecond + ", " + imagesPerStep + ", " + min + ", " + max);
        }
        double fit = Math.floor(Math.max(0, seconds) * imagesPerSecond / imagesPerStep);
        return (long) Math.max(min, Math.min(max, fit));
    }
}
