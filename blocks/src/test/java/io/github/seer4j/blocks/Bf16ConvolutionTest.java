package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * bf16 convolutions against exact (double) per-group loops, forward and both gradients, within bfloat16's rounding:
 * inputs, weights and output gradients are rounded to 8 significant bits (relative error at most 2^-8 each), so a
 * sum of products differs from the exact one by at most about 2^-7 times the same sum over absolute values, plus
 * the output's own rounding; the test allows 2^-6 of that sum. It also checks that bf16 really ran (the results
 * differ from float's by more than float rounding). Needs a CPU with AVX512-BF16; skipped elsewhere.
 */
class Bf16ConvolutionTest {

    @ParameterizedTest(name = "n={0} in={1} out={2} groups={3} hw={4} stride={5} kernel={6}")
    @CsvSource({
        "4, 24, 24, 3, 14, 1, 3", // grouped 3x3 (group width 8)
        "4, 24, 24, 3, 14, 2, 3", // grouped 3x3, stride 2
        "4, 16, 32, 1, 12, 1, 1", // 1x1
        "4, 16, 32, 1, 12, 2, 1", // 1x1 stride 2 (projection shortcut: picked pixels, converted as they are picked)
        "2, 3, 16, 1, 20, 2, 3" // the stem: 3 input channels, 3x3 stride 2
    })
    void withinBf16RoundingOfExactLoops(int n, int in, int out, int groups, int hw, int stride, int kernel)
            throws IOException {
        assumeTrue(bf16Cpu(), "this CPU has no AVX512-BF16");
        assumeTrue(OneDnn.enabled(), "the oneDNN kernels are off");
        Kernels.bf16Convolutions(true);
        try {
            Conv2d conv = new Conv2d("t", in, out, kernel, stride, kernel / 2, groups, new Init(3, DataType.FLOAT));
            conv.weight().gradient().assign(0);
            Random r = new Random(5);
            double[][][][] x = GroupedConvTest.random(r, n, in, hw, hw);
            double[][][][] w = GroupedConvTest.toArray4(conv.weight().value());
            Traced t = conv.forward(Nhwc.tensor(x, DataType.FLOAT), Mode.TRAINING);
            double[][][][] y = GroupedConvTest.naiveForward(x, w, groups, stride, kernel / 2);
            double[][][][] yBound = GroupedConvTest.naiveForward(abs(x), abs(w), groups, stride, kernel / 2);
            check("output", flat(y), flat(yBound), Nhwc.nchwValues(t.output()));

            int ho = y[0][0].length;
            double[][][][] g = GroupedConvTest.random(r, n, out, ho, ho);
            INDArray dx = t.backward(Nhwc.tensor(g, DataType.FLOAT));
            double[][][][] gx = new double[n][in][hw][hw];
            double[][][][] gw = new double[out][in / groups][kernel][kernel];
            GroupedConvTest.naiveBackward(x, w, g, groups, stride, kernel / 2, gx, gw);
            double[][][][] gxBound = new double[n][in][hw][hw];
            double[][][][] gwBound = new double[out][in / groups][kernel][kernel];
            GroupedConvTest.naiveBackward(abs(x), abs(w), abs(g), groups, stride, kernel / 2, gxBound, gwBound);
            check("input gradient", flat(gx), flat(gxBound), Nhwc.nchwValues(dx));
            check("weight gradient", flat(gw), flat(gwBound),
                    conv.weight().gradient().dup('c').castTo(DataType.DOUBLE).data().asDouble());
        } finally {
            Kernels.bf16Convolutions(false);
        }
    }

    /** |bf16 - exact| <= 2^-6 * (the sum over absolute values) everywhere, and bf16 visibly not float. */
    private static void check(String what, double[] exact, double[] absSum, double[] bf16) {
        assertEquals(exact.length, bf16.length, what);
        double worstFraction = 0;
        double largestError = 0;
        double scale = 0;
        for (int i = 0; i < exact.length; i++) {
            double err = Math.abs(bf16[i] - exact[i]);
            double allowed = Math.scalb(absSum[i], -6) + 1e-6;
            assertTrue(err <= allowed, what + " [" + i + "]: bf16 " + bf16[i] + ", exact " + exact[i] + ", error "
                    + err + " above bf16's bound " + allowed);
            worstFraction = Math.max(worstFraction, err / allowed);
            largestError = Math.max(largestError, err);
            scale = Math.max(scale, Math.abs(exact[i]));
        }
        // float would be within ~1e-6 of the exact values; bf16's rounding shows at ~1e-3 of the values' scale
        assertTrue(largestError > 1e-4 * scale, what + ": largest error " + largestError + " of a scale " + scale
                + " is float's, not bf16's: the convolution did not run in bf16");
    }

    static boolean bf16Cpu() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        return Files.isReadable(info) && Files.readString(info).contains("avx512_bf16");
    }

    private static double[][][][] abs(double[][][][] a) {
        double[][][][] out = new double[a.length][][][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length][][];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = new double[a[i][j].length][];
                for (int k = 0; k < a[i][j].length; k++) {
                    out[i][j][k] = java.util.Arrays.stream(a[i][j][k]).map(Math::abs).toArray();
                }
            }
        }
        return out;
    }

    private static double[] flat(double[][][][] a) {
        return GroupedConvTest.flatten(a);
    }
}
