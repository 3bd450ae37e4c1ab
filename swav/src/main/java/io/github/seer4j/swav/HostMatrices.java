package io.github.seer4j.swav;

import io.github.seer4j.blocks.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The small [rows, columns] matrices of SwAV's objective (prototype scores, codes, their gradient; a few thousand
 * values) as Java double arrays, so that Sinkhorn-Knopp and the swapped-prediction loss run as plain loops in double
 * precision on reused per-thread arrays: no ND4J op objects or intermediate arrays per step.
 */
final class HostMatrices {

    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[4][0]);
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);

    private HostMatrices() {
    }

    /** This thread's double array number {@code slot} (0-3) with at least n elements, reused across calls. */
    static double[] scratch(int slot, int n) {
        double[][] s = DOUBLES.get();
        if (s[slot].length < n) {
            s[slot] = new double[n];
        }
        return s[slot];
    }

    /** A 2-d tensor's values in c order into {@code into} (at least its length), returned. */
    static double[] read(INDArray x, double[] into) {
        int n = Math.toIntExact(x.length());
        if (HostArrays.usable(x)) {
            float[] f = floats(n);
            HostArrays.read(x, f);
            for (int i = 0; i < n; i++) {
                into[i] = f[i];
            }
        } else {
            double[] d = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            System.arraycopy(d, 0, into, 0, n);
        }
        return into;
    }

    /** A new [rows, columns] tensor of {@code type} holding the first rows * columns values. */
    static INDArray create(double[] values, int rows, int columns, DataType type) {
        int n = rows * columns;
        INDArray out = Nd4j.createUninitialized(type, rows, columns);
        if (HostArrays.usable(out)) {
            float[] f = floats(n);
            for (int i = 0; i < n; i++) {
                f[i] = (float) values[i];
            }
            HostArrays.write(f, out);
        } else {
            out.assign(Nd4j.createFromArray(java.util.Arrays.copyOf(values, n)).reshape(rows, columns)
                    .castTo(type));
        }
        return out;
    }

    private static float[] floats(int n) {
        float[] f = FLOATS.get();
        if (f.length < n) {
            f = new float[n];
            FLOATS.set(f);
        }
        return f;
    }
}
