package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Squeeze-Excitation's Java kernel path (FLOAT) against its native-op path (DOUBLE, checked by finite differences in
 * regnet's GradientCheckTest): output, input gradient and all four parameter gradients; both forwards against a naive
 * double loop.
 */
class SqueezeExcitationTest {

    @ParameterizedTest(name = "n={0} c={1} se={2} hw={3}")
    @CsvSource({"3, 8, 2, 3", "4, 6, 3, 1", "2, 5, 4, 2", "5, 40, 10, 4", "2, 24, 8, 9"})
    void javaKernelsMatchNativeOpsAndNaiveForward(int n, int c, int se, int hw) {
        Random r = new Random(5);
        double[][][][] x = GroupedConvTest.random(r, n, c, hw, hw);
        double[][][][] g = GroupedConvTest.random(r, n, c, hw, hw);
        double[][] java = run(DataType.FLOAT, x, g, c, se);
        double[][] nat = run(DataType.DOUBLE, x, g, c, se);
        for (int i = 0; i < java.length; i++) {
            assertArrayEquals(nat[i], java[i], 2e-5 * Math.max(1, hw * hw * n / 4.0), "tensor " + i);
        }
        double[] naive = naiveForward(x, new SqueezeExcitation("se", c, se, new Init(13, DataType.DOUBLE)));
        assertArrayEquals(naive, nat[0], 1e-12, "native vs naive");
        assertArrayEquals(naive, java[0], 1e-5, "Java kernels vs naive");
    }

    /** {output, input gradient (both NCHW order), then each parameter's gradient}. */
    private static double[][] run(DataType type, double[][][][] x, double[][][][] g, int c, int se) {
        SqueezeExcitation layer = new SqueezeExcitation("se", c, se, new Init(13, type));
        for (Parameter p : layer.parameters()) {
            if (p.kind() == Parameter.Kind.BIAS) {
                p.value().assign(Nd4j.linspace(-0.3, 0.4, p.size(), DataType.DOUBLE).reshape(p.value().shape()));
            }
            p.gradient().assign(0.5);
        }
        Traced t = layer.forward(Nhwc.tensor(x, type), Mode.TRAINING);
        INDArray gradIn = t.backward(Nhwc.tensor(g, type));
        List<Parameter> ps = layer.parameters();
        double[][] out = new double[2 + ps.size()][];
        out[0] = Nhwc.nchwValues(t.output());
        out[1] = Nhwc.nchwValues(gradIn);
        for (int i = 0; i < ps.size(); i++) {
            out[2 + i] = ps.get(i).gradient().dup().castTo(DataType.DOUBLE).data().asDouble();
        }
        return out;
    }

    private static double[] naiveForward(double[][][][] xs, SqueezeExcitation layer) {
        INDArray x = Nd4j.create(xs);
        layer.parameters().stream().filter(p -> p.kind() == Parameter.Kind.BIAS).forEach(
                p -> p.value().assign(Nd4j.linspace(-0.3, 0.4, p.size(), DataType.DOUBLE).reshape(p.value().shape())));
        List<Parameter> ps = layer.parameters();
        INDArray w1 = ps.get(0).value(), b1 = ps.get(1).value(), w2 = ps.get(2).value(), b2 = ps.get(3).value();
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        int se = (int) w1.size(0);
        double[] out = new double[n * c * h * w];
        for (int b = 0; b < n; b++) {
            double[] pooled = new double[c];
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) pooled[ch] += x.getDouble(b, ch, i, j) / (h * w);
            }
            double[] hidden = new double[se];
            for (int s = 0; s < se; s++) {
                double z = b1.getDouble(s);
                for (int ch = 0; ch < c; ch++) z += w1.getDouble(s, ch, 0, 0) * pooled[ch];
                hidden[s] = Math.max(0, z);
            }
            for (int ch = 0; ch < c; ch++) {
                double z = b2.getDouble(ch);
                for (int s = 0; s < se; s++) z += w2.getDouble(ch, s, 0, 0) * hidden[s];
                double scale = 1 / (1 + Math.exp(-z));
                for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) {
                    out[((b * c + ch) * h + i) * w + j] = x.getDouble(b, ch, i, j) * scale;
                }
            }
        }
        return out;
    }
}
