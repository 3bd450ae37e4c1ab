package io.github.seer4j.blocks;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oneDNN (Intel's deep-learning primitives library, the engine under PyTorch's CPU convolutions) kernels that the
 * CPU FLOAT layers run on: JIT-compiled convolutions and batch normalisation for the machine's vector units, on the
 * layers' own NHWC tensors (no copies). oneDNN comes from Maven Central as the JavaCPP preset
 * {@code org.bytedeco:dnnl} built for the same JavaCPP as ND4J; the oneDNN inside ND4J's natives has no public entry
 * points, and ND4J's own convolution op has no groups.
 *
 * <p>{@code -Dseer4j.kernels=java} runs the layers' portable Java kernels instead ({@code onednn}, the default on the
 * CPU backend, requires oneDNN and fails with the reason when it cannot load). Each call runs on the calling thread's
 * OpenMP team; every primitive has its own scratchpad (user-managed), so concurrent passes never share one.
 *
 * <p>A primitive's thread count is fixed when it is planned ({@link #planned}; oneDNN sizes its work split then): the
 * {@link EngineThreads} threads for large work, fewer for small work ({@link #threadsForValues},
 * {@link #threadsForMacs}), because waking a second OpenMP thread can cost more than it saves on a small map; the
 * size that pays depends on whether the threads share physical cores ({@link CpuTopology}). A plan's thread count
 * depends only on shapes, thread count and the machine's topology, never on timing.
 */
final class OneDnn {

    private static final String KERNELS = System.getProperty("seer4j.kernels", "onednn");
    private static volatile boolean bf16Convolutions = bf16Default();
    private static volatile Boolean enabled;
    private static dnnl_engine engine;
    private static final ThreadLocal<dnnl_stream> STREAM = new ThreadLocal<>();
    private static final ThreadLocal<int[]> OMP_THREADS = ThreadLocal.withInitial(() -> new int[] {-1});
    private static final ThreadLocal<int[]> PLANNING = ThreadLocal.withInitial(() -> new int[] {0});
    /**
     * Values an elementwise primitive (batch norm, a binary, pooling, a reorder) moves per thread, at least, where the
     * threads share physical cores (SMT siblings; the value measured best on a 2-vCPU AMD EPYC) and where each has its
     * own (measured on a 2-core Intel Xeon), unless {@code -Dseer4j.minValuesPerThread} sets one value for both.
     */
    static final long[] MIN_VALUES_PER_THREAD = threshold("seer4j.minValuesPerThread", 1L << 18, 1L << 10);
    /** Multiply-adds a convolution does per thread, at least: shared cores, own cores (as above). */
    static final long[] MIN_MACS_PER_THREAD = threshold("seer4j.minMacsPerThread", 1L << 23, 1L << 15);

    private OneDnn() {
    }

    /**
     * A primitive ready to run: its argument list (memory objects rebound per call) and, when it needs scratch
     * memory, its own scratchpad buffer, allocated once outside any workspace (calls on one plan are serialised, so
     * no two runs share it at once; no array is made per run).
     */
    record Call(dnnl_primitive primitive, dnnl_exec_arg_t args, int count, INDArray scratch, String implementation,
                int threads) {

        /** Whether oneDNN has only its reference loops for this primitive (slower than the Java kernels). */
        boolean reference() {
            return implementation.startsWith("ref");
        }

        /** Runs the primitive to completion on this thread. */
        void run(String what) {
            execute(primitive, args, count, threads, what);
            java.lang.ref.Reference.reachabilityFence(scratch);
        }
    }

    /** Whether the CPU layers run on oneDNN (see the class comment for the property that chooses). */
    static boolean enabled() {
        Boolean on = enabled;
        if (on == null) {
            on = decide();
        }
        return on;
    }

    private static boolean bf16Default() {
        String p = System.getProperty("seer4j.convolutions", "fp32");
        if (!p.equals("fp32") && !p.equals("bf16")) {
            throw new IllegalArgumentException("-Dseer4j.convolutions must be fp32 or bf16, got '" + p + "'");
        }
        return p.equals("bf16");
    }

    /** Whether convolutions compute in bfloat16 ({@link Kernels#bf16Convolutions(boolean)}). */
    static boolean bf16Convolutions() {
        return bf16Convolutions;
    }

    static void bf16Convolutions(boolean on) {
        bf16Convolutions = on;
    }

    /** Which kernels the CPU FLOAT layers run: "onednn" or "java". */
    static String kernels() {
        return enabled() ? "onednn" : "java";
    }

    private static synchronized boolean decide() {
        if (enabled != null) {
            return enabled;
        }
        if (KERNELS.equals("java")) {
            enabled = false;
        } else if (KERNELS.equals("onednn")) {
            try {
                dnnl_engine e = new dnnl_engine();
                check(dnnl_engine_create(e, dnnl_cpu, 0), "creating the CPU engine");
                engine = e;
                enabled = true;
            } catch (UnsatisfiedLinkError | NoClassDefFoundError | IllegalStateException e) {
                throw new IllegalStateException("oneDNN kernels could not start on this machine (" + e.getMessage()
                        + "); run with -Dseer4j.kernels=java for the portable Java kernels", e);
            }
        } else {
            throw new IllegalArgumentException("-Dseer4j.kernels must be onednn or java, got '" + KERNELS + "'");
        }
        return enabled;
    }

    /** Threads for a plan whose primitives move about {@code values} values each (at most the pass's threads). */
    static int threadsForValues(long values) {
        return threadsForValues(values, CpuTopology.threadsShareCores(EngineThreads.here()));
    }

    /** Threads for a convolution plan of {@code macs} multiply-adds (at most the pass's threads). */
    static int threadsForMacs(long macs) {
        return threadsForMacs(macs, CpuTopology.threadsShareCores(EngineThreads.here()));
    }

    /**
     * As {@link #threadsForValues(long)}, for threads that share physical cores or not. Waking a second OpenMP thread
     * costs more than it saves on small maps where the threads are SMT siblings of one core (a 28 px SwAV step ran at
     * 0.5-0.8x its one-thread rate with every primitive on two), far less where each thread has a core of its own.
     */
    static int threadsForValues(long values, boolean shareCores) {
        return EngineThreads.parts(values, MIN_VALUES_PER_THREAD[shareCores ? 0 : 1]);
    }

    /** As {@link #threadsForMacs(long)}, for threads that share physical cores or not. */
    static int threadsForMacs(long macs, boolean shareCores) {
        return EngineThreads.parts(macs, MIN_MACS_PER_THREAD[shareCores ? 0 : 1]);
    }

    private static long[] threshold(String property, long sharedCores, long ownCores) {
        String text = System.getProperty(property);
        if (text == null) {
            return new long[] {sharedCores, ownCores};
        }
        long set;
        try {
            set = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            set = 0;
        }
        if (set < 1) {
            throw new IllegalArgumentException("-D" + property + " must be a positive whole number, got '" + text + "'");
        }
        return new long[] {set, set};
    }

    /**
     * Plans primitives for {@code threads} OpenMP threads: the descriptors and primitives {@code planner} creates are
     * sized for that many, and every {@link Call} it makes runs on that many.
     */
    static <T> T planned(int threads, java.util.function.Supplier<T> planner) {
        int[] planning = PLANNING.get();
        int previous = planning[0];
        planning[0] = threads;
        ompThreads(threads);
        try {
            return planner.get();
        } finally {
            planning[0] = previous;
            if (previous > 0) {
                ompThreads(previous);
            }
        }
    }

    private static void ompThreads(int threads) {
        int[] current = OMP_THREADS.get();
        if (current[0] != threads) {
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
            current[0] = threads;
        }
    }

    /**
     * c = op(a) x op(b) + beta * c on this thread alone, row-major (as {@link Blas#gemm}, whose bounds checks have
     * run): oneDNN's JIT GEMM for the machine's vector units.
     */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b,
                      int ldb, float beta, FloatPointer c, int ldc) {
        ompThreads(1);
        check(dnnl_sgemm((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, 1f, a, lda, b, ldb, beta,
                c, ldc), "multiplying matrices");
    }

    /**
     * Multiply-adds per second of oneDNN's single-thread float GEMM ({@code dnnl_sgemm}) on n x n matrices, best of
     * five timed runs after one untimed: the rate oneDNN's convolution kernels can reach on this CPU.
     */
    static double sgemmRate(int n) {
        enabled();
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
            b[i] = r.nextFloat();
        }
        return planned(1, () -> {
            double best = 0;
            for (int i = 0; i < 6; i++) {
                long t = System.nanoTime();
                check(dnnl_sgemm((byte) 'N', (byte) 'N', n, n, n, 1f, a, n, b, n, 0f, c, n), "timing sgemm");
                double seconds = (System.nanoTime() - t) / 1e9;
                if (i > 0) {
                    best = Math.max(best, (double) n * n * n / seconds);
                }
            }
            return best;
        });
    }

    private static dnnl_engine engine() {
        enabled();
        return engine;
    }

    /** Throws with oneDNN's status name unless the call succeeded. */
    static void check(int status, String what) {
        if (status != dnnl_success) {
            String name = switch (status) {
                case dnnl_out_of_memory -> "out of memory";
                case dnnl_invalid_arguments -> "invalid arguments";
                case dnnl_unimplemented -> "unimplemented";
                case dnnl_runtime_error -> "runtime error";
                default -> "status " + status;
            };
            throw new IllegalStateException("oneDNN failed " + what + ": " + name);
        }
    }

    /** A memory descriptor of FLOAT values with the given logical dims (oneDNN's order) and format tag. */
    static dnnl_memory_desc_t desc(int tag, long... dims) {
        return typed(dnnl_f32, tag, dims);
    }

    /** A memory descriptor of {@code type} values (dnnl_f32, dnnl_bf16) with the given dims and format tag. */
    static dnnl_memory_desc_t typed(int type, int tag, long... dims) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, type, tag), "describing a tensor");
        return d;
    }

    /** A memory descriptor of FLOAT values with the given logical dims and element strides (oneDNN's order). */
    static dnnl_memory_desc_t strided(long[] dims, long[] strides) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_strides(d, dims.length, new LongPointer(dims), dnnl_f32,
                new LongPointer(strides)), "describing a strided tensor");
        return d;
    }

    /** What a primitive does to its result inside its kernel before writing it. */
    enum PostOp {
        /** Writes the result. */
        NONE,
        /** Writes max(result, 0). */
        RELU,
        /** Adds the result to what the destination holds (a gradient accumulated in the same pass). */
        SUM
    }

    /** Attributes with a user-managed scratchpad and the post-op. */
    private static dnnl_primitive_attr attributes(PostOp post) {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(attr), "creating attributes");
        check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "setting the scratchpad");
        if (post != PostOp.NONE) {
            dnnl_post_ops ops = new dnnl_post_ops();
            check(dnnl_post_ops_create(ops), "creating post-ops");
            if (post == PostOp.RELU) {
                check(dnnl_post_ops_append_eltwise(ops, 1f, dnnl_eltwise_relu, 0f, 0f), "adding a ReLU post-op");
            } else {
                check(dnnl_post_ops_append_sum(ops, 1f), "adding a sum post-op");
            }
            check(dnnl_primitive_attr_set_post_ops(attr, ops), "attaching post-ops");
            check(dnnl_post_ops_destroy(ops), "releasing post-ops");
        }
        return attr;
    }

    /** A primitive descriptor for an operation descriptor (with the forward one as the hint for backward ones). */
    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint, String what) {
        return primitiveDesc(opDesc, hint, PostOp.NONE, what);
    }

    /** The same, optionally with a ReLU after the operation. */
    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint, boolean reluAfter,
                                             String what) {
        return primitiveDesc(opDesc, hint, reluAfter ? PostOp.RELU : PostOp.NONE, what);
    }

    /** The same with a post-op. */
    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint, PostOp post, String what) {
        dnnl_primitive_attr attr = attributes(post);
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attr, engine(), hint), what);
        check(dnnl_primitive_attr_destroy(attr), "releasing attributes");
        return pd;
    }

    /** A reorder between two layouts of the same tensor, from one memory object to another. */
    static Call reorder(dnnl_memory_desc_t fromDesc, dnnl_memory from, dnnl_memory_desc_t toDesc, dnnl_memory to) {
        return reorder(fromDesc, from, toDesc, to, PostOp.NONE);
    }

    /** The same with a post-op ({@link PostOp#SUM}: to += from, in to's layout). */
    static Call reorder(dnnl_memory_desc_t fromDesc, dnnl_memory from, dnnl_memory_desc_t toDesc, dnnl_memory to,
                        PostOp post) {
        dnnl_primitive_attr attr = attributes(post);
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, fromDesc, engine(), toDesc, engine(), attr),
                "planning a reorder");
        check(dnnl_primitive_attr_destroy(attr), "releasing attributes");
        return call(pd, "creating a reorder", new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, from, to);
    }

    /**
     * A primitive for {@code pd} with its arguments: (argument kind, memory) pairs, the memories rebound by the caller
     * before each run, plus the scratchpad when the primitive needs one.
     */
    static Call call(dnnl_primitive_desc pd, String what, int[] kinds, dnnl_memory... memories) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), what);
        dnnl_memory_desc_t scratchDesc = queried(pd, dnnl_query_scratchpad_md);
        long scratchBytes = dnnl_memory_desc_get_size(scratchDesc);
        INDArray buffer = null;
        dnnl_memory scratch = null;
        if (scratchBytes > 0) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buffer = Nd4j.createUninitialized(DataType.FLOAT, (scratchBytes + Float.BYTES - 1) / Float.BYTES);
            }
            scratch = memory(scratchDesc, HostArrays.pointer(buffer, 0));
        }
        int count = kinds.length + (scratch == null ? 0 : 1);
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(count);
        for (int i = 0; i < kinds.length; i++) {
            a.position(i).arg(kinds[i]).memory(memories[i]);
        }
        if (scratch != null) {
            a.position(kinds.length).arg(DNNL_ARG_SCRATCHPAD).memory(scratch);
        }
        int planning = PLANNING.get()[0];
        return new Call(p, a.position(0), count, buffer, implementation(pd),
                planning > 0 ? planning : EngineThreads.here());
    }

    /**
     * An elementwise binary ({@code dnnl_binary_add}, {@code dnnl_binary_mul}) dst = src0 op src1, src1 broadcast to
     * src0's layout where its dims are 1, optionally followed by a ReLU; dst has src0's layout.
     */
    static Call binary(int algorithm, dnnl_memory_desc_t src0Desc, dnnl_memory_desc_t src1Desc, boolean reluAfter,
                       String what, dnnl_memory src0, dnnl_memory src1, dnnl_memory dst) {
        org.bytedeco.dnnl.dnnl_binary_desc_t desc = new org.bytedeco.dnnl.dnnl_binary_desc_t();
        check(dnnl_binary_desc_init(desc, algorithm, src0Desc, src1Desc, src0Desc), "describing " + what);
        return call(primitiveDesc(desc, null, reluAfter, "planning " + what), "creating " + what,
                new int[] {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST}, src0, src1, dst);
    }

    /** A memory object of the given layout over {@code data} (null: the caller sets the data before each call). */
    static dnnl_memory memory(dnnl_memory_desc_t desc, Pointer data) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, desc, engine(), data), "creating a memory object");
        return m;
    }

    static void bind(dnnl_memory m, Pointer data) {
        check(dnnl_memory_set_data_handle(m, data), "binding a tensor");
    }

    /** Binds memory at an address ({@link HostArrays#address}, {@link KernelMemory#address}) without a new object. */
    static void bind(dnnl_memory m, long address) {
        // oneDNN keeps the address, not the object
        check(dnnl_memory_set_data_handle(m, HostArrays.passing(address)), "binding a tensor");
    }

    /** The layout a primitive wants for one of its arguments (query e.g. dnnl_query_weights_md). */
    static dnnl_memory_desc_t queried(dnnl_primitive_desc pd, int query) {
        return dnnl_primitive_desc_query_md(pd, query, 0);
    }

    static boolean same(dnnl_memory_desc_t a, dnnl_memory_desc_t b) {
        return dnnl_memory_desc_equal(a, b) != 0;
    }

    /** The implementation oneDNN chose (e.g. "jit:avx512_common"), for profiles and tests. */
    private static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> out = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, out), "naming an implementation");
        return out.get(BytePointer.class, 0).getString();
    }

    /** Runs a primitive to completion on this thread's OpenMP team of {@code threads}. */
    private static void execute(dnnl_primitive p, dnnl_exec_arg_t args, int count, int threads, String what) {
        ompThreads(threads);
        dnnl_stream s = STREAM.get();
        if (s == null) {
            s = new dnnl_stream();
            check(dnnl_stream_create(s, engine(), dnnl_stream_default_flags), "creating a stream");
            STREAM.set(s);
        }
        check(dnnl_primitive_execute(p, s, count, args), what);
        check(dnnl_stream_wait(s), what);
    }
}
