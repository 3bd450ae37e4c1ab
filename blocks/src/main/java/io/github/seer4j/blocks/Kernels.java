package io.github.seer4j.blocks;

/**
 * Which implementation the layers run. On the CPU backend, FLOAT layers run Java kernels (bulk copies, loops the JIT
 * vectorises, BLAS products on slices) by default; DOUBLE layers and every layer on CUDA run ND4J's native ops. The
 * Java kernels can be switched off here or with {@code -Dseer4j.javaKernels=false}, e.g. to compare both paths.
 * With the Java kernels on, OpenBLAS and ND4J's native ops are set to one thread each for the whole process (the
 * engine runs its own threads instead; {@code -Dseer4j.nativeThreads=N} to change).
 */
public final class Kernels {

    private Kernels() {
    }

    /** Turns the Java kernels on or off for all layers (on only takes effect on the CPU backend). */
    public static void useJavaKernels(boolean on) {
        HostArrays.enable(on);
    }

    /** Whether FLOAT layers currently run the Java kernels. */
    public static boolean javaKernels() {
        return HostArrays.usable();
    }
}
