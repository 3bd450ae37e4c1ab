package blocks;

/**
 * Training-mode batch normalisation, optionally followed by ReLU, as loops over c-order NCHW values in {@code double}
 * arrays: statistics in two passes over the data, normalisation in one, and a backward that applies the ReLU mask
 * (recomputed from x, so it matches the forward bit for bit) inside the batch-norm gradient instead of a separate op.
 * The ReLU and its mask are branch-free ({@code Math.max}, a sign-bit mask), as the data decide them at random.
 * Every pass walks one image's C x H x W values against per-position rows (a channel's value repeated H x W times),
 * so the inner loops are plain array arithmetic the JIT vectorises, whatever H x W is (down to 1 x 1).
 */
final class BatchNormKernel {

    private final int n;
    private final int c;
    private final int hw;
    private final int row;

    BatchNormKernel(long[] shape) {
        this.n = (int) shape[0];
        this.c = (int) shape[1];
        this.hw = (int) (shape[2] * shape[3]);
        this.row = c * hw;
    }

    /** Values per channel (N x H x W). */
    long count() {
        return (long) n * hw;
    }

    /** Per-channel batch mean and biased variance of x: {mean, var}. */
    double[][] statistics(double[] x) {
        double[] acc = new double[row];
        for (int b = 0; b < n; b++) {
            int o = b * row;
            for (int j = 0; j < row; j++) {
                acc[j] += x[o + j];
            }
        }
        double[] mean = perChannel(acc, 1.0 / count());
        double[] meanRow = expand(mean);
        java.util.Arrays.fill(acc, 0);
        for (int b = 0; b < n; b++) {
            int o = b * row;
            for (int j = 0; j < row; j++) {
                double d = x[o + j] - meanRow[j];
                acc[j] += d * d;
            }
        }
        return new double[][] {mean, perChannel(acc, 1.0 / count())};
    }

    /** 1 / sqrt(var + eps) per channel. */
    static double[] invStd(double[] var, double eps) {
        double[] out = new double[var.length];
        for (int i = 0; i < var.length; i++) {
            out[i] = 1.0 / Math.sqrt(var[i] + eps);
        }
        return out;
    }

    /** out = gamma * (x - mean) * invStd + beta, then max(., 0) when relu. */
    void normalize(double[] x, double[] out, double[] mean, double[] invStd, double[] gamma, double[] beta,
                   boolean relu) {
        double[][] affine = affine(mean, invStd, gamma, beta);
        double[] scale = affine[0];
        double[] shift = affine[1];
        for (int b = 0; b < n; b++) {
            int o = b * row;
            if (relu) {
                for (int j = 0; j < row; j++) {
                    out[o + j] = Math.max(x[o + j] * scale[j] + shift[j], 0.0);
                }
            } else {
                for (int j = 0; j < row; j++) {
                    out[o + j] = x[o + j] * scale[j] + shift[j];
                }
            }
        }
    }

    /**
     * Backward through batch norm with batch statistics (and the ReLU after it when relu): g holds dLoss/dOutput
     * and is overwritten with dLoss/dx; dGamma and dBeta receive (not accumulate) the parameter gradients.
     */
    void backward(double[] x, double[] g, double[] mean, double[] invStd, double[] gamma, double[] beta,
                  boolean relu, double[] dGamma, double[] dBeta) {
        double[][] affine = affine(mean, invStd, gamma, beta);
        double[] scale = affine[0];
        double[] shift = affine[1];
        double[] meanRow = expand(mean);
        double[] sumG = new double[row];
        double[] sumGX = new double[row];
        for (int b = 0; b < n; b++) {
            int o = b * row;
            if (relu) {
                for (int j = 0; j < row; j++) {
                    double xv = x[o + j];
                    double gv = passIfPositive(g[o + j], xv * scale[j] + shift[j]);
                    g[o + j] = gv;
                    sumG[j] += gv;
                    sumGX[j] += gv * (xv - meanRow[j]);
                }
            } else {
                for (int j = 0; j < row; j++) {
                    double gv = g[o + j];
                    sumG[j] += gv;
                    sumGX[j] += gv * (x[o + j] - meanRow[j]);
                }
            }
        }
        double[] sg = perChannel(sumG, 1.0);
        double[] sgx = perChannel(sumGX, 1.0);
        double inv = 1.0 / count();
        double[] a = new double[c];
        double[] meanG = new double[c];
        double[] k2 = new double[c];
        for (int ch = 0; ch < c; ch++) {
            dBeta[ch] = sg[ch];
            dGamma[ch] = sgx[ch] * invStd[ch];
            a[ch] = gamma[ch] * invStd[ch];
            meanG[ch] = sg[ch] * inv;
            k2[ch] = sgx[ch] * inv * invStd[ch] * invStd[ch];
        }
        double[] aRow = expand(a);
        double[] meanGRow = expand(meanG);
        double[] k2Row = expand(k2);
        for (int b = 0; b < n; b++) {
            int o = b * row;
            for (int j = 0; j < row; j++) {
                g[o + j] = aRow[j] * (g[o + j] - meanGRow[j] - (x[o + j] - meanRow[j]) * k2Row[j]);
            }
        }
    }

    /**
     * g where y &gt; 0, else 0, without a branch (a data-dependent branch mispredicts half the time here): the sign
     * bit of 0 - y is set exactly when y &gt; 0 (0 - (+0) and 0 - (-0) are both +0), and spreads into an AND mask.
     */
    static double passIfPositive(double g, double y) {
        long mask = Double.doubleToRawLongBits(0.0 - y) >> 63;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(g) & mask);
    }

    /** Rows {scale, shift}: y = x * scale + shift is gamma * (x - mean) * invStd + beta. */
    private double[][] affine(double[] mean, double[] invStd, double[] gamma, double[] beta) {
        double[] scale = new double[c];
        double[] shift = new double[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = gamma[ch] * invStd[ch];
            shift[ch] = beta[ch] - mean[ch] * scale[ch];
        }
        return new double[][] {expand(scale), expand(shift)};
    }

    /** A per-channel value repeated over each channel's H x W positions: [C] to [C x H x W]. */
    private double[] expand(double[] perChannel) {
        double[] out = new double[row];
        for (int ch = 0; ch < c; ch++) {
            java.util.Arrays.fill(out, ch * hw, (ch + 1) * hw, perChannel[ch]);
        }
        return out;
    }

    /** Sums a [C x H x W] row over each channel's positions, times factor: [C]. */
    private double[] perChannel(double[] rowValues, double factor) {
        double[] out = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int k = 0; k < hw; k++) {
                s += rowValues[ch * hw + k];
            }
            out[ch] = s * factor;
        }
        return out;
    }
}
