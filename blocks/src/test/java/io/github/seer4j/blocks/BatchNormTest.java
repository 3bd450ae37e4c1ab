package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm against hand-computed statistics (training output, running-statistics update, inference output, the
 * closed-form gradient) on both engine paths: DOUBLE (native ops) and FLOAT (Java kernels).
 */
class BatchNormTest {

    /** Channel 0 holds 1..8 over (n, h, w) (mean 4.5, biased var 5.25, unbiased 6); channel 1 is constant 2. */
    private static double[][][][] input() {
        double[][][][] x = new double[2][2][2][2];
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 4; i++) {
                x[n][0][i / 2][i % 2] = 1 + n * 4 + i;
                x[n][1][i / 2][i % 2] = 2;
            }
        }
        return x;
    }

    private static double tolerance(DataType type) {
        return type == DataType.DOUBLE ? 1e-12 : 1e-5;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void trainingUsesBatchStatisticsAndUpdatesRunningOnes(DataType type) {
        BatchNorm2d bn = new BatchNorm2d("bn", 2, new Init(0, type));
        bn.gamma().value().assign(Nd4j.createFromArray(2.0, 1.0));
        bn.beta().value().assign(Nd4j.createFromArray(0.5, -1.0));
        INDArray y = bn.forward(Nhwc.tensor(input(), type), Mode.TRAINING).output(); // NHWC
        double inv = 1 / Math.sqrt(5.25 + 1e-5);
        double tol = tolerance(type);
        assertEquals(2 * (1 - 4.5) * inv + 0.5, y.getDouble(0, 0, 0, 0), tol);
        assertEquals(2 * (8 - 4.5) * inv + 0.5, y.getDouble(1, 1, 1, 0), tol);
        assertEquals(-1.0, y.getDouble(1, 0, 1, 1), tol); // constant channel normalises to beta
        assertArrayEquals(new double[] {0.45, 0.2}, bn.runningMean().toDoubleVector(), tol);
        assertArrayEquals(new double[] {0.9 + 0.6, 0.9}, bn.runningVar().toDoubleVector(), tol);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void inferenceUsesRunningStatistics(DataType type) {
        BatchNorm2d bn = new BatchNorm2d("bn", 2, new Init(0, type));
        bn.runningMean().assign(Nd4j.createFromArray(1.0, 2.0));
        bn.runningVar().assign(Nd4j.createFromArray(4.0, 0.25));
        INDArray y = bn.forward(Nhwc.tensor(input(), type), Mode.INFERENCE).output();
        assertEquals((3 - 1) / Math.sqrt(4 + 1e-5), y.getDouble(0, 1, 0, 0), tolerance(type));
        assertEquals(0.0, y.getDouble(1, 1, 1, 1), tolerance(type));
        assertArrayEquals(new double[] {1.0, 2.0}, bn.runningMean().toDoubleVector(), 0); // untouched
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void trainingGradientMatchesTheClosedForm(DataType type) {
        // dL/dx = gamma/sigma * (g - mean(g) - xhat * mean(g * xhat)) for L = sum(g * y)
        BatchNorm2d bn = new BatchNorm2d("bn", 2, new Init(0, type));
        bn.gamma().value().assign(Nd4j.createFromArray(2.0, 1.0));
        double[][][][] x = input();
        x[0][1][0][0] = 5; // channel 1: [5,2,2,2,2,2,2,2] -> mean 2.375
        Traced t = bn.forward(Nhwc.tensor(x, type), Mode.TRAINING);
        double[][][][] g = new double[2][2][2][2];
        for (int i = 0; i < 16; i++) {
            g[i / 8][(i / 4) % 2][(i / 2) % 2][i % 2] = Math.sin(i + 1);
        }
        double[] gx = Nhwc.nchwValues(t.backward(Nhwc.tensor(g, type)));
        double tol = type == DataType.DOUBLE ? 1e-9 : 2e-5;
        for (int c = 0; c < 2; c++) {
            double[] xs = new double[8];
            double[] gs = new double[8];
            for (int k = 0; k < 8; k++) {
                xs[k] = x[k / 4][c][(k % 4) / 2][k % 2];
                gs[k] = g[k / 4][c][(k % 4) / 2][k % 2];
            }
            double mean = java.util.Arrays.stream(xs).average().orElseThrow();
            double var = java.util.Arrays.stream(xs).map(v -> (v - mean) * (v - mean)).sum() / 8;
            double sigma = Math.sqrt(var + 1e-5);
            double gMean = java.util.Arrays.stream(gs).average().orElseThrow();
            double gxHat = 0;
            double gSum = 0;
            for (int k = 0; k < 8; k++) {
                gxHat += gs[k] * (xs[k] - mean) / sigma / 8;
                gSum += gs[k];
            }
            double gamma = c == 0 ? 2 : 1;
            for (int k = 0; k < 8; k++) {
                double xHat = (xs[k] - mean) / sigma;
                double expected = gamma / sigma * (gs[k] - gMean - xHat * gxHat);
                assertEquals(expected, gx[((k / 4) * 2 + c) * 4 + k % 4], tol, "channel " + c + " k " + k);
            }
            assertEquals(gSum, bn.beta().gradient().getDouble(c), tol);
            assertEquals(gxHat * 8, bn.gamma().gradient().getDouble(c), tol);
        }
    }
}
