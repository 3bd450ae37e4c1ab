package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Row-wise L2 normalisation of [N, D]: y = x / max(||x||, 1e-12), with its backward. On the CPU (FLOAT) Java loops
 * (norms summed in double); elsewhere ND4J's ops.
 */
public final class L2Normalize implements Layer {

    private static final double MIN_NORM = 1e-12;

    @Override
    public Traced forward(INDArray x, Mode mode) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("L2Normalize expects [N, D] rows, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (!HostArrays.usable(x)) {
            INDArray norm = Transforms.max(x.norm2(true, 1), MIN_NORM, false);
            INDArray y = x.divColumnVector(norm);
            // dx = (dy - y * sum(dy * y)) / ||x||, row-wise
            return new Traced(y, g -> g.sub(y.mulColumnVector(g.mul(y).sum(true, 1))).diviColumnVector(norm));
        }
        int rows = (int) x.size(0);
        int d = (int) x.size(1);
        int len = rows * d;
        float[] v = HostArrays.read(x, HostArrays.scratch(0, len));
        normalize(v, rows, d);
        INDArray y = HostArrays.create(v, rows, d);
        return new Traced(y, g -> {
            float[] xs = HostArrays.read(x, HostArrays.scratch(0, len));
            float[] ys = HostArrays.read(y, HostArrays.scratch(1, len));
            float[] gs = HostArrays.read(g, HostArrays.scratch(2, len));
            for (int r = 0; r < rows; r++) {
                double dot = 0;
                for (int i = r * d; i < (r + 1) * d; i++) {
                    dot += (double) gs[i] * ys[i];
                }
                double inv = 1 / norm(xs, r * d, d);
                for (int i = r * d; i < (r + 1) * d; i++) {
                    gs[i] = (float) ((gs[i] - ys[i] * dot) * inv);
                }
            }
            return HostArrays.create(gs, rows, d);
        });
    }

    /** Normalises the rows of [N, D] in place (as the forward, without a backward): SwAV's prototypes each step. */
    public static void inPlace(INDArray x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("L2Normalize expects [N, D] rows, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (!HostArrays.usable(x) || !HostArrays.isDense(x)) {
            x.diviColumnVector(Transforms.max(x.norm2(true, 1), MIN_NORM, false));
            return;
        }
        int rows = (int) x.size(0);
        int d = (int) x.size(1);
        float[] v = HostArrays.read(x, HostArrays.scratch(0, rows * d));
        normalize(v, rows, d);
        HostArrays.write(v, x);
    }

    /** Each row of the [rows, d] values divided by max(its norm, 1e-12). */
    private static void normalize(float[] v, int rows, int d) {
        for (int r = 0; r < rows; r++) {
            double scale = 1 / norm(v, r * d, d);
            for (int i = r * d; i < (r + 1) * d; i++) {
                v[i] = (float) (v[i] * scale);
            }
        }
    }

    /** max(||v[from, from + d)||, 1e-12). */
    private static double norm(float[] v, int from, int d) {
        double s = 0;
        for (int i = from; i < from + d; i++) {
            s += (double) v[i] * v[i];
        }
        return Math.max(Math.sqrt(s), MIN_NORM);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }
}
