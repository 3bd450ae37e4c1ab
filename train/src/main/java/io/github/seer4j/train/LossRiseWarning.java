package io.github.seer4j.train;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Warns once when a run's loss climbs: when the mean of the last {@code window} losses exceeds {@code factor} times the
 * first loss (e.g. 1.5: 50% above where it started; a too-high learning rate can raise the loss within a few steps,
 * so the reference is the first step's loss, not an average). SwAV's loss starts near ln K and falls; a
 * rising one means the learning rate (or LARC's trust coefficient) is too high long before it turns NaN.
 */
public final class LossRiseWarning {

    private final double factor;
    private final int window;
    private final ArrayDeque<Double> last = new ArrayDeque<>();
    private double start = Double.NaN;
    private double lastSum;
    private boolean warned;

    public LossRiseWarning(double factor, int window) {
        if (!(factor > 1) || window < 1) {
            throw new IllegalArgumentException("need factor > 1 and window >= 1, got " + factor + ", " + window);
        }
        this.factor = factor;
        this.window = window;
    }

    /** Adds the loss of {@code iteration}; returns the warning the first time the loss has risen, otherwise null. */
    public String add(long iteration, double loss) {
        if (!Double.isFinite(loss)) {
            return null; // DivergenceCheck stops the run
        }
        if (Double.isNaN(start)) {
            start = loss;
        }
        last.addLast(loss);
        lastSum += loss;
        if (last.size() > window) {
            lastSum -= last.removeFirst();
        }
        double now = lastSum / last.size();
        if (warned || last.size() < window || !(now > factor * start) || start <= 0) {
            return null;
        }
        warned = true;
        return String.format(Locale.ROOT, "the loss is rising: %.3f over the last %d iterations (to %d), %.0f%% above"
                + " its start %.3f", now, window, iteration, 100 * (now / start - 1), start);
    }
}
