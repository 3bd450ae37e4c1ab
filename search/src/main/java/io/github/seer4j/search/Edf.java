package io.github.seer4j.search;

import java.util.Arrays;

/**
 * The empirical distribution function of a list of errors (or scores), as the RegNet paper defines it:
 * {@code F(e) = (1/n) * #{i : e_i < e}}, the fraction of models with an error below {@code e}.
 */
public final class Edf {
    private final double[] sorted;

    private Edf(double[] sorted) {
        this.sorted = sorted;
    }

    public static Edf of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("an EDF needs at least one value");
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("an EDF cannot take NaN values");
            }
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return new Edf(s);
    }

    /** Fraction of values strictly below {@code e}. */
    public double at(double e) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) { // first index with sorted[i] >= e
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < e) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo / (double) sorted.length;
    }

    public int n() {
        return sorted.length;
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public double mean() {
        double s = 0;
        for (double v : sorted) {
            s += v;
        }
        return s / sorted.length;
    }

    /** The sorted values. */
    public double[] sorted() {
        return sorted.clone();
    }

    /**
     * Corner points of the step function, for plotting: x values and F just after each step, starting at
     * (min, 0) and ending at (max, 1); ties make one step.
     */
    public double[][] steps() {
        int n = sorted.length;
        double[] xs = new double[2 * n];
        double[] ys = new double[2 * n];
        int k = 0;
        double prev = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && sorted[i + 1] == sorted[i]) {
                continue;
            }
            xs[k] = sorted[i];
            ys[k++] = prev;
            prev = (i + 1) / (double) n;
            xs[k] = sorted[i];
            ys[k++] = prev;
        }
        return new double[][] {Arrays.copyOf(xs, k), Arrays.copyOf(ys, k)};
    }
}
