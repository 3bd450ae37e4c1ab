package io.github.seer4j.blocks;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J's CPU float tensors and Java {@code float[]} working arrays, for the engine's Java kernels
 * (element-wise work, per-channel reductions, patch gathering), where one native op per step of a formula costs more
 * than the arithmetic. A bulk copy runs at memory speed; the kernels then loop over plain arrays the JIT vectorises.
 * Only for FLOAT tensors on the CPU backend ({@link #usable}); DOUBLE networks (the precision reference) and CUDA run
 * every layer's native-op path. Public for other packages' Java kernels (the optimizer's update). A view's data buffer carries its offset, so {@code addressPointer()} is where its first
 * element lies.
 */
public final class HostArrays {

    /** Off with {@code -Dseer4j.javaKernels=false} (every layer then runs its native-op path, as on CUDA). */
    private static volatile boolean enabled = Nd4j.getEnvironment().isCPU()
            && Boolean.parseBoolean(System.getProperty("seer4j.javaKernels", "true"));
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[6][0]);

    static {
        if (enabled) {
            singleThreadedNatives();
        }
    }
    private static final ThreadLocal<INDArray[]> OFF_HEAP = ThreadLocal.withInitial(() -> new INDArray[4]);

    private HostArrays() {
    }

    /** Whether the Java kernels are on (the CPU backend, not switched off). */
    public static boolean usable() {
        return enabled;
    }

    /** Whether the Java kernels run on this tensor: enabled, CPU backend, FLOAT. */
    public static boolean usable(INDArray x) {
        return enabled && x.dataType() == DataType.FLOAT;
    }

    /** As {@link #usable(INDArray)} for two tensors (fixed arities: no varargs array per call on hot paths). */
    public static boolean usable(INDArray a, INDArray b) {
        return usable(a) && usable(b);
    }

    /** As {@link #usable(INDArray)} for three tensors. */
    public static boolean usable(INDArray a, INDArray b, INDArray c) {
        return usable(a) && usable(b) && usable(c);
    }


    /**
     * The engine makes hundreds of small native calls a step and runs its own threads (concurrent passes, feature
     * batches), so OpenBLAS and ND4J's native ops run single-threaded: with OMP_NUM_THREADS=2 a threaded BLAS made a
     * RegNetY-200MF step at 32 px 3x slower (343 img/s against 1,000), and ND4J's threads cost another 15-20%
     * (814 against 978). A process-wide setting; {@code -Dseer4j.nativeThreads=N} sets another count.
     */
    private static void singleThreadedNatives() {
        int threads = Integer.getInteger("seer4j.nativeThreads", 1);
        org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
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
        long[] shape = x.shape(); // cached arrays: INDArray.size(i) and stride(i) cost far more per call
        long[] stride = x.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Copies a tensor's values (c order) into {@code into} (length at least x.length()), returns into. */
    public static float[] read(INDArray x, float[] into) {
        INDArray d = dense(x);
        return read(d, 0, Math.toIntExact(d.length()), into, 0);
    }

    /** A new array with x's values (c order). */
    public static float[] read(INDArray x) {
        return read(x, new float[Math.toIntExact(x.length())]);
    }

    /** Copies {@code length} elements of the dense tensor x, from element {@code offset}, into into[at ...]. */
    public static float[] read(INDArray x, long offset, int length, float[] into, int at) {
        checkRange(x, offset, length);
        passing(address(x, offset)).get(into, at, length);
        return into;
    }

    /** Sets every value of a dense FLOAT tensor to 0 with one memset (no ND4J op, so no heap garbage). */
    static void zero(INDArray x) {
        if (!isDense(x)) {
            throw new IllegalArgumentException("zero needs a dense c-order tensor, got " + x.shapeInfoToString());
        }
        org.bytedeco.javacpp.Pointer.memset(passing(address(x, 0)), 0, x.length() * Float.BYTES);
    }

    /** Writes values (c order) into a dense c-order tensor. */
    public static void write(float[] from, INDArray x) {
        if (!isDense(x)) {
            throw new IllegalArgumentException("write needs a dense c-order tensor, got " + x.shapeInfoToString());
        }
        write(from, 0, x, 0, Math.toIntExact(x.length()));
    }

    /** Writes from[at ...] ({@code length} values) into the dense tensor x from element {@code offset}. */
    public static void write(float[] from, int at, INDArray x, long offset, int length) {
        checkRange(x, offset, length);
        passing(address(x, offset)).put(from, at, length);
    }

    /**
     * The rows of [n_i, C] tensors stacked into one [sum n_i, C] tensor (SwAV's resolution groups' features): one
     * copy per part on the Java-kernel path, else ND4J's concat. A single part is returned as it is.
     */
    public static INDArray concatRows(java.util.List<INDArray> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        long rows = 0;
        boolean host = true;
        for (INDArray p : parts) {
            rows += p.size(0);
            host &= usable(p) && p.rank() == 2 && p.size(1) == parts.get(0).size(1) && isDense(p);
        }
        if (!host) {
            return Nd4j.concat(0, parts.toArray(new INDArray[0]));
        }
        long columns = parts.get(0).size(1);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
        long at = 0;
        for (INDArray p : parts) {
            org.bytedeco.javacpp.Pointer.memcpy(passing(address(out, at)), passingSecond(address(p, 0)),
                    p.length() * Float.BYTES);
            at += p.length();
        }
        return out;
    }

    /** A new uninitialised c-order FLOAT tensor of the given shape holding the values. */
    static INDArray create(float[] values, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        write(values, out);
        return out;
    }

    /**
     * Adds values into a dense tensor (gradient accumulation): staged in this thread's off-heap buffer 3 and added
     * natively, so no heap array is made.
     */
    static void addInto(float[] values, INDArray x) {
        if (!isDense(x)) {
            throw new IllegalArgumentException("addInto needs a dense c-order tensor, got " + x.shapeInfoToString());
        }
        int n = Math.toIntExact(x.length());
        INDArray staged = offHeapScratch(3, n);
        write(values, 0, staged, 0, n);
        Blas.addInto(n, staged, 0, x, 0);
    }

    /**
     * y += alpha * x for two tensors of one shape, in place (a plain SGD update): on the Java-kernel path a BLAS call
     * per part of {@link EngineThreads} (no heap garbage), else ND4J's {@code axpy}.
     */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        if (!usable(x, y) || !isDense(x) || !isDense(y) || x.length() != y.length()) {
            Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
            return;
        }
        int n = Math.toIntExact(y.length());
        int parts = EngineThreads.parts(n, 1 << 17);
        EngineThreads.run(parts, p -> {
            int from = EngineThreads.split(n, parts, p);
            org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy(EngineThreads.split(n, parts, p + 1) - from,
                    (float) alpha, pointer(x, from), 1, pointer(y, from), 1);
        });
    }

    /**
     * target += addend for two tensors of one shape, in place (a block's input gradient plus its shortcut's): on the
     * Java-kernel path a native add per part of {@link EngineThreads}, else ND4J's {@code addi}. Returns target.
     */
    public static INDArray addInPlace(INDArray target, INDArray addend) {
        if (!usable(target, addend) || !isDense(target) || !isDense(addend)
                || !java.util.Arrays.equals(target.shape(), addend.shape())) {
            return target.addi(addend);
        }
        int n = Math.toIntExact(target.length());
        int parts = EngineThreads.parts(n, 1 << 17);
        EngineThreads.run(parts, p -> {
            int from = EngineThreads.split(n, parts, p);
            Blas.addInto(EngineThreads.split(n, parts, p + 1) - from, addend, from, target, from);
        });
        return target;
    }

    /**
     * This thread's working array number {@code slot} (0-5) with at least n elements, reused across calls: a kernel
     * may use it only until it returns, and two arrays in use at once need different slots.
     */
    static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        return s[slot];
    }

    /** This thread's working double array (sums kept in double) with at least n elements; rules as {@link #scratch}. */
    static double[] doubleScratch(int n) {
        double[] d = DOUBLES.get();
        if (d.length < n) {
            d = new double[n];
            DOUBLES.set(d);
        }
        return d;
    }

    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[0]);

    /**
     * This thread's off-heap FLOAT buffer number {@code slot} (0-3) with at least n elements, allocated outside any
     * workspace and reused across calls (same rules as {@link #scratch}): staging for BLAS calls on Java-built data.
     */
    static INDArray offHeapScratch(int slot, long n) {
        INDArray[] s = OFF_HEAP.get();
        if (s[slot] == null || s[slot].length() < n) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                s[slot] = Nd4j.createUninitialized(DataType.FLOAT, Math.max(n, 1));
            }
        }
        return s[slot];
    }

    /**
     * A pointer to element {@code offset} of a dense FLOAT tensor: one small object over the address (the kernels
     * make over a thousand a step; ND4J's {@code addressPointer()} makes four objects and two native calls each).
     */
    static FloatPointer pointer(INDArray x, long offset) {
        return at(address(x, offset), x.data().length() - offset);
    }

    /** A pointer object over {@code elements} FLOAT values at an address whose memory something else owns. */
    static FloatPointer at(long address, long elements) {
        return new Address(address, elements);
    }

    /**
     * The address of a buffer's first element. A view's buffer (a slice, an array made on another's buffer with an
     * offset) reports its root's pointer from {@code pointer()} and its own first element as {@code offset()}
     * elements into it.
     */
    static long address(DataBuffer d) {
        DataBuffer root = d.underlyingDataBuffer();
        return (root != null && root != d ? root : d).pointer().address() + d.offset() * d.getElementSize();
    }

    /** The address of element {@code offset} of a dense FLOAT tensor (no object made). */
    static long address(INDArray x, long offset) {
        if (x.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the Java kernels work on FLOAT tensors, got " + x.dataType());
        }
        checkRange(x, offset, 0);
        return address(x.data()) + offset * Float.BYTES;
    }

    /**
     * This thread's pointer object, pointed at {@code address}, for a native call that only reads the address while
     * it runs (a bulk copy, binding oneDNN memory): no object per call. Not for anything that keeps the pointer.
     */
    static Address passing(long address) {
        return PASSING.get()[0].at(address);
    }

    /** A second such object, for a call that takes two addresses (one from {@link #passing}). */
    static Address passingSecond(long address) {
        return PASSING.get()[1].at(address);
    }

    private static final ThreadLocal<Address[]> PASSING = ThreadLocal.withInitial(
            () -> new Address[] {new Address(0, 0), new Address(0, 0)});

    /** A pointer object over memory ND4J owns (no deallocator of its own). */
    static final class Address extends FloatPointer {
        Address(long address, long elements) {
            this.address = address;
            this.limit = elements;
            this.capacity = elements;
        }

        /** Points this object at another address (for a call that only reads the address). */
        Address at(long newAddress) {
            this.address = newAddress;
            this.position = 0;
            this.limit = 0;
            this.capacity = 0;
            return this;
        }
    }

    private static void checkRange(INDArray x, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > x.length()) {
            throw new IndexOutOfBoundsException("elements [" + offset + ", " + (offset + length) + ") of a tensor of "
                    + x.length());
        }
    }
}
