package blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batch norm against hand-computed statistics: training output, running-statistics update, inference output. */
class BatchNormTest {

    /** x[n, 0, h, w] = 1..8 (mean 4.5, biased var 5.25, unbiased 6); channel 1 is constant 2 (var 0). */
    private static INDArray input() {
        double[] v = new double[16];
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 4; i++) {
                v[n * 8 + i] = 1 + n * 4 + i;
                v[n * 8 + 4 + i] = 2;
            }
        }
        return Nd4j.create(v, new long[] {2, 2, 2, 2}, 'c');
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        BatchNorm2d bn = new BatchNorm2d("bn", 2, new Init(0, DataType.DOUBLE));
        bn.gamma().value().assign(Nd4j.createFromArray(2.0, 1.0));
        bn.beta().value().assign(Nd4j.createFromArray(0.5, -1.0));
        INDArray y = bn.forward(input(), Mode.TRAINING).output();
        double inv = 1 / Math.sqrt(5.25 + 1e-5);
        assertEquals(2 * (1 - 4.5) * inv + 0.5, y.getDouble(0, 0, 0, 0), 1e-12);
        assertEquals(2 * (8 - 4.5) * inv + 0.5, y.getDouble(1, 0, 1, 1), 1e-12);
        assertEquals(-1.0, y.getDouble(1, 1, 0, 1), 1e-12); // constant channel normalises to beta
        assertArrayEquals(new double[] {0.45, 0.2}, bn.runningMean().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0.9 + 0.6, 0.9}, bn.runningVar().toDoubleVector(), 1e-12);
    }

    @Test
    void inferenceUsesRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d("bn", 2, new Init(0, DataType.DOUBLE));
        bn.runningMean().assign(Nd4j.createFromArray(1.0, 2.0));
        bn.runningVar().assign(Nd4j.createFromArray(4.0, 0.25));
        INDArray y = bn.forward(input(), Mode.INFERENCE).output();
        assertEquals((3 - 1) / Math.sqrt(4 + 1e-5), y.getDouble(0, 0, 1, 0), 1e-12);
        assertEquals(0.0, y.getDouble(1, 1, 1, 1), 1e-12);
        assertArrayEquals(new double[] {1.0, 2.0}, bn.runningMean().toDoubleVector(), 0); // untouched
    }

    @Test
    void trainingGradientMatchesTheClosedForm() {
        // dL/dx = gamma/sigma * (g - mean(g) - xhat * mean(g * xhat)) for L = sum(g * y)
        BatchNorm2d bn = new BatchNorm2d("bn", 2, new Init(0, DataType.DOUBLE));
        bn.gamma().value().assign(Nd4j.createFromArray(2.0, 1.0));
        INDArray x = input();
        x.putScalar(new long[] {0, 1, 0, 0}, 5); // channel 1: [5,2,2,2,2,2,2,2] -> mean 2.375
        Traced t = bn.forward(x, Mode.TRAINING);
        double[] g = new double[16];
        for (int i = 0; i < 16; i++) {
            g[i] = Math.sin(i + 1);
        }
        INDArray gx = t.backward(Nd4j.create(g, new long[] {2, 2, 2, 2}, 'c'));
        for (int c = 0; c < 2; c++) {
            double[] xs = new double[8];
            double[] gs = new double[8];
            for (int k = 0; k < 8; k++) {
                int n = k / 4;
                int hw = k % 4;
                xs[k] = x.getDouble(n, c, hw / 2, hw % 2);
                gs[k] = g[n * 8 + c * 4 + hw];
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
                assertEquals(expected, gx.getDouble(k / 4, c, (k % 4) / 2, k % 2), 1e-9, "channel " + c + " k " + k);
            }
            assertEquals(gSum, bn.beta().gradient().getDouble(c), 1e-12);
            assertEquals(gxHat * 8, bn.gamma().gradient().getDouble(c), 1e-9);
        }
    }
}
