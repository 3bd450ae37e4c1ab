package blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java batch-norm kernels (with and without the fused ReLU) against the unfused native reference: ND4J's
 * moments + batchnorm + relu forward, batchnorm_bp + relu_bp backward, in double precision.
 */
class FusedBatchNormTest {

    @AfterEach
    void restore() {
        HostArrays.enable(true);
    }

    @ParameterizedTest(name = "shape {0}x{1}x{2}x{3} relu={4}")
    @CsvSource({"2, 3, 4, 5, false", "2, 3, 4, 5, true", "5, 7, 1, 1, true", "3, 4, 3, 2, true", "4, 2, 2, 2, false"})
    void matchesTheNativeUnfusedReference(int n, int c, int h, int w, boolean relu) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, c, h, w).muli(4).subi(1.5);
        INDArray g = Nd4j.rand(DataType.DOUBLE, n, c, h, w).subi(0.5);
        INDArray gammaValues = Nd4j.rand(DataType.DOUBLE, c).addi(0.5);
        INDArray betaValues = Nd4j.rand(DataType.DOUBLE, c).subi(0.5);

        Result java = run(true, x, g, gammaValues, betaValues, relu);
        Result reference = run(false, x, g, gammaValues, betaValues, relu);
        assertArrayEquals(reference.out, java.out, 1e-12, "output");
        // native batchnorm_bp agrees to ~1e-9 relative; the closed form (below) to rounding
        assertArrayEquals(reference.gradIn, java.gradIn, 1e-8, "input gradient");
        assertArrayEquals(reference.gradGamma, java.gradGamma, 1e-8, "gamma gradient");
        assertArrayEquals(reference.gradBeta, java.gradBeta, 1e-8, "beta gradient");
        assertArrayEquals(closedFormInputGradient(x, g, gammaValues, betaValues, relu), java.gradIn, 1e-13,
                "closed-form input gradient");
        assertArrayEquals(reference.runningMean, java.runningMean, 1e-14, "running mean");
        assertArrayEquals(reference.runningVar, java.runningVar, 1e-14, "running var");
    }

    /** dL/dx = gamma/sigma * (m - mean(m) - xhat * mean(m * xhat)), m = g masked where relu's output is 0. */
    private static double[] closedFormInputGradient(INDArray x, INDArray g, INDArray gamma, INDArray beta,
                                                    boolean relu) {
        int n = (int) x.size(0), c = (int) x.size(1), hw = (int) (x.size(2) * x.size(3));
        double[] xs = x.dup().data().asDouble(), gs = g.dup().data().asDouble(), out = new double[xs.length];
        for (int ch = 0; ch < c; ch++) {
            double mean = 0, var = 0;
            for (int b = 0; b < n; b++) for (int k = 0; k < hw; k++) mean += xs[(b * c + ch) * hw + k] / (n * hw);
            for (int b = 0; b < n; b++) for (int k = 0; k < hw; k++) {
                double d = xs[(b * c + ch) * hw + k] - mean;
                var += d * d / (n * hw);
            }
            double sigma = Math.sqrt(var + BatchNorm2d.EPS), gm = gamma.getDouble(ch);
            double[] m = new double[n * hw], xhat = new double[n * hw];
            double meanM = 0, meanMX = 0;
            for (int b = 0; b < n; b++) for (int k = 0; k < hw; k++) {
                int i = (b * c + ch) * hw + k, j = b * hw + k;
                xhat[j] = (xs[i] - mean) / sigma;
                boolean off = relu && gm * xhat[j] + beta.getDouble(ch) <= 0;
                m[j] = off ? 0 : gs[i];
                meanM += m[j] / (n * hw);
                meanMX += m[j] * xhat[j] / (n * hw);
            }
            for (int b = 0; b < n; b++) for (int k = 0; k < hw; k++) {
                int j = b * hw + k;
                out[(b * c + ch) * hw + k] = gm / sigma * (m[j] - meanM - xhat[j] * meanMX);
            }
        }
        return out;
    }

    @Test
    void branchFreeReluMaskPassesExactlyWhereTheOutputIsPositive() {
        assertEquals(-2.5, BatchNormKernel.passIfPositive(-2.5, 1e-300), 0);
        assertEquals(3.0, BatchNormKernel.passIfPositive(3.0, Double.MIN_VALUE), 0);
        assertEquals(0.0, BatchNormKernel.passIfPositive(3.0, 0.0), 0);
        assertEquals(0.0, BatchNormKernel.passIfPositive(3.0, -0.0), 0);
        assertEquals(0.0, BatchNormKernel.passIfPositive(-3.0, -Double.MIN_VALUE), 0);
        assertEquals(0.0, BatchNormKernel.passIfPositive(7.0, -1e300), 0);
    }

    private record Result(double[] out, double[] gradIn, double[] gradGamma, double[] gradBeta, double[] runningMean,
                          double[] runningVar) {
    }

    private static Result run(boolean javaKernels, INDArray x, INDArray g, INDArray gammaValues, INDArray betaValues,
                              boolean relu) {
        HostArrays.enable(javaKernels);
        BatchNorm2d bn = new BatchNorm2d("bn", (int) x.size(1), new Init(0, DataType.DOUBLE));
        bn.gamma().value().assign(gammaValues);
        bn.beta().value().assign(betaValues);
        bn.gamma().gradient().assign(0.25); // accumulation, not overwrite
        Traced t = relu ? bn.forwardRelu(x, Mode.TRAINING) : bn.forward(x, Mode.TRAINING);
        INDArray gradIn = t.backward(g);
        return new Result(t.output().dup().data().asDouble(), gradIn.dup().data().asDouble(),
                bn.gamma().gradient().data().asDouble(), bn.beta().gradient().data().asDouble(),
                bn.runningMean().data().asDouble(), bn.runningVar().data().asDouble());
    }
}
