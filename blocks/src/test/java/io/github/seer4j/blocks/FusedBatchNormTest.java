package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused batch-norm layer (plain, + ReLU, + residual + ReLU) on both engine paths against a closed form computed
 * in double from the same inputs: y = max(gamma * xhat + beta + r, 0); the masked gradient m = g where y &gt; 0 is the
 * residual's gradient; dL/dx = gamma / sigma * (m - mean(m) - xhat * mean(m * xhat)); dGamma = sum(m * xhat),
 * dBeta = sum(m). Sizes include several kernel tiles and a ragged last tile.
 */
class FusedBatchNormTest {

    @ParameterizedTest(name = "{5}: {0}x{1}x{2}x{3} {4}")
    @CsvSource({
        "2, 4, 5, 3, plain, DOUBLE", "2, 4, 5, 3, plain, FLOAT",
        "2, 4, 5, 3, relu, DOUBLE", "2, 4, 5, 3, relu, FLOAT",
        "5, 1, 1, 7, residual, DOUBLE", "5, 1, 1, 7, residual, FLOAT",
        "3, 9, 7, 24, residual, FLOAT", "7, 5, 3, 100, relu, FLOAT", "4, 2, 2, 2, plain, FLOAT"
    })
    void matchesTheClosedForm(int n, int h, int w, int c, String kind, DataType type) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, h, w, c).muli(4).subi(1.5).castTo(type);
        INDArray r = Nd4j.rand(DataType.DOUBLE, n, h, w, c).subi(0.5).castTo(type);
        INDArray g = Nd4j.rand(DataType.DOUBLE, n, h, w, c).subi(0.5).castTo(type);
        INDArray gammaValues = Nd4j.rand(DataType.DOUBLE, c).addi(0.5).castTo(type);
        INDArray betaValues = Nd4j.rand(DataType.DOUBLE, c).subi(0.5).castTo(type);
        BatchNorm2d bn = new BatchNorm2d("bn", c, new Init(0, type));
        bn.gamma().value().assign(gammaValues);
        bn.beta().value().assign(betaValues);
        bn.gamma().gradient().assign(0.25); // accumulation, not overwrite
        boolean relu = !kind.equals("plain");
        boolean residual = kind.equals("residual");
        INDArray y;
        BatchNorm2d.InputGradients grads;
        if (residual) {
            BatchNorm2d.ResidualPass pass = bn.forwardAddRelu(x, r, Mode.TRAINING);
            y = pass.output();
            grads = pass.backprop().apply(g);
        } else {
            Traced t = relu ? bn.forwardRelu(x, Mode.TRAINING) : bn.forward(x, Mode.TRAINING);
            y = t.output();
            grads = new BatchNorm2d.InputGradients(t.backward(g), null);
        }
        Expected e = closedForm(values(x), residual ? values(r) : null, values(g), values(gammaValues),
                values(betaValues), c, relu);
        double tol = type == DataType.DOUBLE ? 1e-8 : 3e-5; // ND4J's native batchnorm_bp agrees to ~1e-9
        assertArrayEquals(e.y, values(y), tol, "output");
        assertArrayEquals(e.dx, values(grads.input()), tol, "input gradient");
        if (residual) {
            assertArrayEquals(e.masked, values(grads.residual()), 0, "residual gradient");
        } else {
            assertNull(grads.residual());
        }
        double[] dGamma = java.util.Arrays.stream(e.dGamma).map(v -> v + 0.25).toArray();
        assertArrayEquals(dGamma, values(bn.gamma().gradient()), tol * n * h * w, "gamma gradient");
        assertArrayEquals(e.dBeta, values(bn.beta().gradient()), tol * n * h * w, "beta gradient");
        for (int ch = 0; ch < c; ch++) {
            assertEquals(0.1 * e.mean[ch], bn.runningMean().getDouble(ch), tol, "running mean");
            assertEquals(0.9 + 0.1 * e.var[ch] * (n * h * w) / (n * h * w - 1.0), bn.runningVar().getDouble(ch),
                    tol, "running var");
        }
    }

    private record Expected(double[] y, double[] dx, double[] masked, double[] dGamma, double[] dBeta, double[] mean,
                            double[] var) {
    }

    private static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    private static Expected closedForm(double[] x, double[] r, double[] g, double[] gamma, double[] beta, int c,
                                       boolean relu) {
        int rows = x.length / c;
        double[] y = new double[x.length], dx = new double[x.length], m = new double[x.length];
        double[] dGamma = new double[c], dBeta = new double[c], means = new double[c], vars = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double mean = 0, var = 0;
            for (int i = ch; i < x.length; i += c) mean += x[i] / rows;
            for (int i = ch; i < x.length; i += c) var += (x[i] - mean) * (x[i] - mean) / rows;
            double sigma = Math.sqrt(var + BatchNorm2d.EPS);
            means[ch] = mean;
            vars[ch] = var;
            double meanM = 0, meanMX = 0;
            for (int i = ch; i < x.length; i += c) {
                double xhat = (x[i] - mean) / sigma;
                double pre = gamma[ch] * xhat + beta[ch] + (r == null ? 0 : r[i]);
                y[i] = relu ? Math.max(pre, 0) : pre;
                m[i] = relu && pre <= 0 ? 0 : g[i];
                meanM += m[i] / rows;
                meanMX += m[i] * xhat / rows;
                dGamma[ch] += m[i] * xhat;
                dBeta[ch] += m[i];
            }
            for (int i = ch; i < x.length; i += c) {
                double xhat = (x[i] - mean) / sigma;
                dx[i] = gamma[ch] / sigma * (m[i] - meanM - xhat * meanMX);
            }
        }
        return new Expected(y, dx, m, dGamma, dBeta, means, vars);
    }

    @Test
    void reluMaskIsOneExactlyForPositiveOutputs() {
        assertEquals(1f, BatchNormKernel.positive(Float.MIN_VALUE), 0); // 2^-149, the smallest positive float
        assertEquals(1f, BatchNormKernel.positive(1e-30f), 0);
        assertEquals(1f, BatchNormKernel.positive(3e38f), 0);
        assertEquals(1f, BatchNormKernel.positive(Float.POSITIVE_INFINITY), 0);
        assertEquals(0f, BatchNormKernel.positive(0f), 0);
    }
}
