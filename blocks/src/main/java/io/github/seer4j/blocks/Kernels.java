package io.github.seer4j.blocks;

/**
 * Which implementation the layers run. On the CPU backend, FLOAT layers run host kernels by default: convolutions and
 * training-mode batch norm on oneDNN's JIT kernels ({@code -Dseer4j.kernels=java} for the portable Java kernels
 * instead), everything else as Java kernels (bulk copies, loops the JIT vectorises, BLAS products on slices); DOUBLE
 * layers and every layer on CUDA run ND4J's native ops. The host kernels can be switched off here or with
 * {@code -Dseer4j.javaKernels=false}, e.g. to compare both paths. With them on, OpenBLAS and ND4J's native ops are set
 * to one thread each for the whole process (the engine runs its own threads instead; {@code -Dseer4j.nativeThreads=N}
 * to change).
 */
public final class Kernels {

    private Kernels() {
    }

    /** Turns the Java kernels on or off for all layers (on only takes effect on the CPU backend). */
    public static void useJavaKernels(boolean on) {
        HostArrays.enable(on);
    }

    /**
     * What FLOAT layers on this machine run: "onednn" (oneDNN convolutions and batch norm, Java kernels for the rest),
     * "java" (Java kernels only) or "nd4j" (ND4J's native ops: host kernels off, or the CUDA backend).
     */
    public static String name() {
        return !HostArrays.usable() ? "nd4j" : OneDnn.kernels();
    }

    /**
     * Opt-in mixed precision: convolutions on oneDNN read their input and weights rounded to bfloat16 and write their
     * output and input gradient in bfloat16 (converted back to float for the other layers), with products accumulated
     * and weight gradients kept in float, on the bf16 units of CPUs with AVX512-BF16 (about 2x the float convolution
     * rate). Process-wide; also {@code -Dseer4j.convolutions=bf16}. Needs the oneDNN kernels; on a CPU without bf16
     * kernels the first convolution fails with the reason.
     */
    public static void bf16Convolutions(boolean on) {
        OneDnn.bf16Convolutions(on);
    }

    /** Whether convolutions compute in bfloat16 (see {@link #bf16Convolutions(boolean)}). */
    public static boolean bf16Convolutions() {
        return OneDnn.bf16Convolutions();
    }

    /** The convolutions' precision: "bf16" ({@link #bf16Convolutions(boolean)}) or "fp32". */
    public static String convolutions() {
        return OneDnn.bf16Convolutions() ? "bf16" : "fp32";
    }

    /**
     * Loads the native libraries the kernels use (ND4J's, OpenBLAS's and, with the oneDNN kernels, oneDNN's) on the
     * calling thread, now. Call it before starting threads that may open other native libraries (a progress bar's
     * terminal, an image decoder): while JavaCPP loads OpenBLAS it looks symbols up with dlsym inside dl_iterate_phdr,
     * and a dlopen on another thread at that moment takes glibc's two loader locks in the other order, so both
     * threads wait forever (a training JVM hung that way, its progress bar opening JLine's library). Cheap after the
     * first call.
     */
    public static void load() {
        name();
    }

    /**
     * Multiply-adds per second of oneDNN's single-thread float GEMM on 1024 x 1024 matrices where the oneDNN kernels
     * run (a reference for how fast this CPU multiplies; ND4J's bundled OpenBLAS may not know a newer CPU), else 0.
     */
    public static double oneDnnGemmRate() {
        return !HostArrays.usable() || !OneDnn.enabled() ? 0 : OneDnn.sgemmRate(1024);
    }

    /** Whether FLOAT layers currently run the Java kernels. */
    public static boolean javaKernels() {
        return HostArrays.usable();
    }
}
