package io.github.seer4j.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The RegNet paper's empirical bootstrap of the best range of a parameter (Radosavovic et al. 2020, appendix):
 * repeatedly draw a fraction (25%) of the models with replacement, keep the parameter value of the best-scoring
 * model in the draw, and report the 95% confidence interval (2.5th to 97.5th percentile) of those values.
 */
public final class BestRangeBootstrap {
    private BestRangeBootstrap() {}

    /** The interval of best-model values, with their median, from {@code repetitions} draws. */
    public record Interval(double low, double median, double high, int repetitions, int sampleSize) {}

    /**
     * @param values      the parameter value of each model
     * @param scores      each model's score (lower is better), same order
     * @param fraction    share of the models drawn per repetition (0.25 in the paper), at least one model
     * @param repetitions number of bootstrap repetitions
     * @param seed        seed of the draws (same seed, same interval)
     */
    public static Interval run(double[] values, double[] scores, double fraction, int repetitions, long seed) {
        int n = values.length;
        if (n == 0 || scores.length != n) {
            throw new IllegalArgumentException("the bootstrap needs one score per value and at least one model, got "
                    + n + " values and " + scores.length + " scores");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1, got " + repetitions);
        }
        int m = Math.max(1, (int) Math.round(fraction * n));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] best = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            int bi = rng.nextInt(n);
            for (int j = 1; j < m; j++) {
                int i = rng.nextInt(n);
                if (scores[i] < scores[bi]) {
                    bi = i;
                }
            }
            best[r] = values[bi];
        }
        Arrays.sort(best);
        return new Interval(percentile(best, 2.5), percentile(best, 50), percentile(best, 97.5), repetitions, m);
    }

    /** Linear-interpolation percentile of sorted values (numpy's default): position p/100 * (n - 1). */
    static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
