package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution (grouped, strided, 1x1 and 3x3, the active-tap and pointwise paths) against naive per-group loops,
 * forward and both gradients (maps of at most 4 output pixels run as products per pixel and tap, larger ones on
 * gathered patches), on both engine paths: DOUBLE runs ND4J's native NHWC convolution with the block-diagonal
 * weight, FLOAT the patch gathering and per-group BLAS products.
 */
class GroupedConvTest {

    @ParameterizedTest(name = "{6}: n={0} c={1} groups={2} hw={3} stride={4} kernel={5}")
    @CsvSource({
        "2, 12, 3, 5, 1, 3, DOUBLE", "2, 12, 3, 5, 1, 3, FLOAT",
        "2, 12, 3, 6, 2, 3, DOUBLE", "2, 12, 3, 6, 2, 3, FLOAT",
        "3, 16, 4, 4, 2, 3, DOUBLE", "3, 16, 4, 4, 2, 3, FLOAT",
        "2, 8, 8, 3, 1, 3, DOUBLE", "2, 8, 8, 3, 1, 3, FLOAT",
        "4, 12, 3, 1, 1, 3, DOUBLE", "4, 12, 3, 1, 1, 3, FLOAT", // 1x1 input: only the centre tap is active
        "4, 12, 3, 1, 2, 3, DOUBLE", "4, 12, 3, 1, 2, 3, FLOAT",
        "3, 12, 3, 2, 2, 3, DOUBLE", "3, 12, 3, 2, 2, 3, FLOAT", // 2x2 input, stride 2: four active taps
        "2, 12, 1, 4, 1, 3, DOUBLE", "2, 12, 1, 4, 1, 3, FLOAT",
        "2, 6, 1, 5, 2, 1, DOUBLE", "2, 6, 1, 5, 2, 1, FLOAT", // 1x1 stride 2 (projection shortcut)
        "2, 6, 3, 3, 2, 1, FLOAT", // 1x1 stride 2 onto a 2x2 map: products per pixel, unread pixels get no gradient
        "3, 6, 2, 4, 1, 1, DOUBLE", "3, 6, 2, 4, 1, 1, FLOAT", // 1x1 stride 1 grouped: pointwise products
        "40, 16, 2, 16, 1, 3, FLOAT" // three patch chunks of 14 images
    })
    void matchesNaivePerGroupLoops(int n, int c, int groups, int hw, int stride, int kernel, DataType type) {
        Init init = new Init(7, type);
        int pad = kernel / 2;
        Conv2d conv = new Conv2d("t", c, c, kernel, stride, pad, groups, init);
        conv.weight().gradient().assign(0.25); // gradients accumulate
        Random r = new Random(11);
        double[][][][] x = random(r, n, c, hw, hw);
        Traced t = conv.forward(Nhwc.tensor(x, type), Mode.TRAINING);
        double[][][][] w = toArray4(conv.weight().value());
        double[][][][] expected = naiveForward(x, w, groups, stride, pad);
        double tol = Nhwc.tolerance(type);
        assertArrayEquals(flatten(expected), Nhwc.nchwValues(t.output()), tol, Nhwc.path(type));

        int ho = expected[0][0].length;
        double[][][][] g = random(r, n, c, ho, ho);
        INDArray gradIn = t.backward(Nhwc.tensor(g, type));
        double[][][][] gx = new double[n][c][hw][hw];
        double[][][][] gw = new double[c][c / groups][kernel][kernel];
        naiveBackward(x, w, g, groups, stride, pad, gx, gw);
        assertArrayEquals(flatten(gx), Nhwc.nchwValues(gradIn), tol, "input gradient");
        double[] expectedGw = java.util.Arrays.stream(flatten(gw)).map(v -> v + 0.25).toArray();
        assertArrayEquals(expectedGw, conv.weight().gradient().dup('c').castTo(DataType.DOUBLE).data().asDouble(),
                tol * n * hw, "weight gradient");
        assertEquals((long) c * (c / groups) * kernel * kernel, conv.weight().size());
    }

    /**
     * 1x1 convolutions with more outputs than inputs and fewer (the input gradient is dy times W transposed), on maps
     * of 36 pixels (oneDNN's convolutions) and of 16 and 4 (products on the plain weights).
     */
    @ParameterizedTest(name = "{0} -> {1} stride {2} on {3}x{3}")
    @CsvSource({"6, 10, 1, 6", "10, 6, 1, 6", "6, 10, 2, 6", "10, 6, 2, 6", "6, 10, 1, 4", "10, 6, 1, 2"})
    void pointwiseChannelChangesMatchNaiveLoops(int in, int out, int stride, int hw) {
        Conv2d conv = new Conv2d("t", in, out, 1, stride, 0, 1, new Init(3, DataType.FLOAT));
        Random r = new Random(5);
        int n = 3;
        double[][][][] x = random(r, n, in, hw, hw);
        Traced t = conv.forward(Nhwc.tensor(x, DataType.FLOAT), Mode.TRAINING);
        double[][][][] w = toArray4(conv.weight().value());
        double[][][][] expected = naiveForward(x, w, 1, stride, 0);
        double tol = Nhwc.tolerance(DataType.FLOAT);
        assertArrayEquals(flatten(expected), Nhwc.nchwValues(t.output()), tol, "output");
        int ho = expected[0][0].length;
        double[][][][] g = random(r, n, out, ho, ho);
        INDArray gradIn = t.backward(Nhwc.tensor(g, DataType.FLOAT));
        double[][][][] gx = new double[n][in][hw][hw];
        double[][][][] gw = new double[out][in][1][1];
        naiveBackward(x, w, g, 1, stride, 0, gx, gw);
        assertArrayEquals(flatten(gx), Nhwc.nchwValues(gradIn), tol, "input gradient");
        assertArrayEquals(flatten(gw), conv.weight().gradient().dup('c').castTo(DataType.DOUBLE).data().asDouble(),
                tol * n * hw, "weight gradient");
        // the input gradient added into a tensor already holding 0.5 everywhere (a residual block's shortcut sum)
        Traced again = conv.forward(Nhwc.tensor(x, DataType.FLOAT), Mode.TRAINING);
        INDArray sum = Nd4j.valueArrayOf(new long[] {n, hw, hw, in}, 0.5f);
        INDArray added = again.backprop().applyAdding(Nhwc.tensor(g, DataType.FLOAT), sum);
        double[] expectedSum = java.util.Arrays.stream(flatten(gx)).map(v -> v + 0.5).toArray();
        assertArrayEquals(expectedSum, Nhwc.nchwValues(added), tol, "input gradient added to 0.5");
    }

    static double[][][][] naiveForward(double[][][][] x, double[][][][] w, int groups, int stride, int pad) {
        int n = x.length, c = x[0].length, h = x[0][0].length, o = w.length, k = w[0][0].length;
        int gin = c / groups, gout = o / groups;
        int ho = (h + 2 * pad - k) / stride + 1;
        double[][][][] y = new double[n][o][ho][ho];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++) {
                int grp = oc / gout;
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < ho; j++) {
                        double s = 0;
                        for (int ic = 0; ic < gin; ic++)
                            for (int kh = 0; kh < k; kh++)
                                for (int kw = 0; kw < k; kw++) {
                                    int yy = i * stride + kh - pad, xx = j * stride + kw - pad;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < h) {
                                        s += w[oc][ic][kh][kw] * x[b][grp * gin + ic][yy][xx];
                                    }
                                }
                        y[b][oc][i][j] = s;
                    }
            }
        return y;
    }

    static void naiveBackward(double[][][][] x, double[][][][] w, double[][][][] g, int groups, int stride, int pad,
                              double[][][][] gx, double[][][][] gw) {
        int n = x.length, c = x[0].length, h = x[0][0].length, o = w.length, k = w[0][0].length;
        int gin = c / groups, gout = o / groups, ho = g[0][0].length;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++) {
                int grp = oc / gout;
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < ho; j++)
                        for (int ic = 0; ic < gin; ic++)
                            for (int kh = 0; kh < k; kh++)
                                for (int kw = 0; kw < k; kw++) {
                                    int yy = i * stride + kh - pad, xx = j * stride + kw - pad;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < h) {
                                        gw[oc][ic][kh][kw] += g[b][oc][i][j] * x[b][grp * gin + ic][yy][xx];
                                        gx[b][grp * gin + ic][yy][xx] += g[b][oc][i][j] * w[oc][ic][kh][kw];
                                    }
                                }
            }
    }

    static double[][][][] random(Random r, int a, int b, int c, int d) {
        double[][][][] out = new double[a][b][c][d];
        for (double[][][] p : out) for (double[][] q : p) for (double[] s : q) for (int i = 0; i < d; i++) s[i] = r.nextGaussian();
        return out;
    }

    static double[][][][] toArray4(INDArray a) {
        long[] s = a.shape();
        double[] flat = a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[][][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        int idx = 0;
        for (double[][][] p : out) for (double[][] q : p) for (double[] r : q) for (int i = 0; i < r.length; i++) r[i] = flat[idx++];
        return out;
    }

    static double[] flatten(double[][][][] a) {
        return java.util.Arrays.stream(a).flatMap(java.util.Arrays::stream).flatMap(java.util.Arrays::stream)
                .flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
