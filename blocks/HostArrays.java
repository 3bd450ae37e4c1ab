package blocks;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J's CPU tensors and Java {@code double[]} working arrays, for the engine's Java kernels
 * (element-wise work and per-channel reductions, where one native op per step of the formula costs more than the
 * arithmetic). A bulk copy runs at memory speed; the kernels then loop over plain arrays the JIT vectorises. Only for
 * the CPU backend ({@link #usable}); on CUDA the layers keep their native-op paths. A view's data buffer carries its
 * offset, so {@code addressPointer()} is where its first element lies.
 */
final class HostArrays {

    /** Off with {@code -Dseer4j.javaKernels=false} (every layer then runs its native-op path, as on CUDA). */
    private static volatile boolean enabled = Nd4j.getEnvironment().isCPU()
            && Boolean.parseBoolean(System.getProperty("seer4j.javaKernels", "true"));
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[4][0]);

    private HostArrays() {
    }

    /** Whether the Java kernels can run on these tensors: CPU backend, FLOAT or DOUBLE. */
    static boolean usable(INDArray... xs) {
        if (!enabled) {
            return false;
        }
        for (INDArray x : xs) {
            if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
                return false;
            }
        }
        return true;
    }

    /** Turns the Java kernels on or off (tests compare both paths; on only takes effect on the CPU backend). */
    static void enable(boolean on) {
        enabled = on && Nd4j.getEnvironment().isCPU();
    }

    /** x as a dense c-order tensor (itself when it already is one). */
    static INDArray dense(INDArray x) {
        return isDense(x) ? x : x.dup('c');
    }

    /** Whether x's elements lie contiguously in c order (dimensions of size 1 may have any stride). */
    static boolean isDense(INDArray x) {
        long expected = 1;
        for (int i = x.rank() - 1; i >= 0; i--) {
            if (x.size(i) != 1 && x.stride(i) != expected) {
                return false;
            }
            expected *= x.size(i);
        }
        return true;
    }

    /** Copies a tensor's values (c order) into {@code into} (length at least x.length()), returns into. */
    static double[] read(INDArray x, double[] into) {
        INDArray d = dense(x);
        int n = (int) d.length();
        if (d.dataType() == DataType.DOUBLE) {
            new DoublePointer(d.data().addressPointer()).get(into, 0, n);
        } else {
            float[] f = floats(n);
            new FloatPointer(d.data().addressPointer()).get(f, 0, n);
            for (int i = 0; i < n; i++) {
                into[i] = f[i];
            }
        }
        return into;
    }

    /** A new array with x's values. */
    static double[] read(INDArray x) {
        return read(x, new double[(int) x.length()]);
    }

    /** Writes values (c order) into a dense c-order tensor. */
    static void write(double[] from, INDArray x) {
        if (!isDense(x)) {
            throw new IllegalArgumentException("write needs a dense c-order tensor, got " + x.shapeInfoToString());
        }
        int n = (int) x.length();
        if (x.dataType() == DataType.DOUBLE) {
            new DoublePointer(x.data().addressPointer()).put(from, 0, n);
        } else {
            float[] f = floats(n);
            for (int i = 0; i < n; i++) {
                f[i] = (float) from[i];
            }
            new FloatPointer(x.data().addressPointer()).put(f, 0, n);
        }
    }

    /** A new uninitialised c-order tensor of the given type and shape holding the values. */
    static INDArray create(double[] values, DataType type, long... shape) {
        INDArray out = Nd4j.createUninitialized(type, shape);
        write(values, out);
        return out;
    }

    /** Adds values into a dense tensor (gradient accumulation). */
    static void addInto(double[] values, INDArray x) {
        double[] cur = read(x);
        for (int i = 0; i < cur.length; i++) {
            cur[i] += values[i];
        }
        write(cur, x);
    }

    /**
     * This thread's working array number {@code slot} (0-3) with at least n elements, reused across calls: a kernel
     * may use it only until it returns, and two arrays in use at once need different slots.
     */
    static double[] scratch(int slot, int n) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new double[n];
        }
        return s[slot];
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
