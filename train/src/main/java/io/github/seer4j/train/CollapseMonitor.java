package io.github.seer4j.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Watches for collapsed codes: counts which prototypes win the argmax of the codes over an epoch and compares the
 * loss with ln K (the loss of uniform predictions, which a collapsed or untrained model sits at).
 */
public final class CollapseMonitor {

    private final long[] wins;
    private long samples;
    /** The codes' values, reused from step to step. */
    private float[] values = new float[0];

    public CollapseMonitor(int prototypes) {
        wins = new long[prototypes];
    }

    /** Adds the codes [B, K] of one assignment crop. */
    public void add(INDArray codes) {
        if (!io.github.seer4j.blocks.HostArrays.usable(codes) || codes.rank() != 2) {
            INDArray arg = codes.argMax(1);
            for (long i = 0; i < arg.length(); i++) {
                wins[arg.getInt((int) i)]++;
            }
            samples += arg.length();
            return;
        }
        int rows = (int) codes.size(0);
        int k = (int) codes.size(1);
        if (values.length < rows * k) {
            values = new float[rows * k];
        }
        io.github.seer4j.blocks.HostArrays.read(codes, values);
        for (int r = 0; r < rows; r++) { // the first largest code wins, as argMax
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (values[r * k + c] > values[r * k + best]) {
                    best = c;
                }
            }
            wins[best]++;
        }
        samples += rows;
    }

    /** Fraction of prototypes that won at least one sample since the last reset. */
    public double fractionUsed() {
        int used = 0;
        for (long w : wins) {
            if (w > 0) {
                used++;
            }
        }
        return used / (double) wins.length;
    }

    public long samples() {
        return samples;
    }

    public void reset() {
        java.util.Arrays.fill(wins, 0);
        samples = 0;
    }

    /** A warning when the loss is within 2% of ln K or fewer than 10% of prototypes are used; null otherwise. */
    public String warning(double loss) {
        double lnK = Math.log(wins.length);
        if (Math.abs(loss - lnK) < 0.02 * lnK) {
            return String.format("possible collapse: loss %.4f is near ln K = %.4f (uniform predictions); "
                    + "prototypes used: %.1f%%", loss, lnK, 100 * fractionUsed());
        }
        if (samples > 0 && fractionUsed() < 0.1) {
            return String.format("possible collapse: only %.1f%% of %d prototypes win any sample", 100 * fractionUsed(),
                    wins.length);
        }
        return null;
    }
}
