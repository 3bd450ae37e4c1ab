package io.github.seer4j.blocks;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Single-precision matrix products on the calling thread, on
 * sub-matrices of dense row-major FLOAT tensors given by an element offset and a leading dimension. That is what lets
 * one convolution run as one product per group on slices of one patch matrix, without copies or ND4J's per-call
 * view handling. Every call checks that the last element it touches lies inside each tensor.
 *
 * <p>Products run in oneDNN's GEMM where the oneDNN engine is on (JIT-compiled for the CPU's vector units), else in
 * ND4J's CPU BLAS (the OpenBLAS that {@code Nd4j.gemm} calls). The OpenBLAS bundled with ND4J 1.0.0-M2.1 (0.3.19)
 * does not know CPUs newer than it and runs its generic SSE3 kernels on them (a Sapphire Rapids Xeon: 16.7 G
 * multiply-adds/s against oneDNN's 74). The sums and copies stay in OpenBLAS: they are bound by memory.
 */
final class Blas {

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private Blas() {
    }

    /**
     * c = op(a) x op(b) + beta * c for row-major matrices: op(a) is m x k, op(b) is k x n, c is m x n; a stored
     * m x k (k x m when transA) from element aOff with row stride lda, likewise b and c.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, INDArray a, long aOff, int lda,
                     INDArray b, long bOff, int ldb, float beta, INDArray c, long cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        check("a", a, aOff, lda, transA ? k : m, transA ? m : k);
        check("b", b, bOff, ldb, transB ? n : k, transB ? k : n);
        check("c", c, cOff, ldc, m, n);
        gemm(transA, transB, m, n, k, HostArrays.pointer(a, aOff), lda, HostArrays.pointer(b, bOff), ldb, beta,
                HostArrays.pointer(c, cOff), ldc);
    }

    /**
     * As above on pointers whose memory the caller has sized for the shapes ({@link #operand} checks a tensor,
     * {@link KernelMemory#pointer(long, long)} a kernel's block).
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b,
                     int ldb, float beta, FloatPointer c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k > 0 && OneDnn.enabled()) {
            OneDnn.sgemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f,
                a, lda, b, ldb, beta, c, ldc);
    }

    /** A pointer to a whole dense FLOAT tensor of exactly {@code values} elements (a product's weight or gradient). */
    static FloatPointer operand(String name, INDArray x, long values) {
        if (x.length() != values || !HostArrays.isDense(x)) {
            throw new IllegalArgumentException("gemm operand " + name + " must be a dense tensor of " + values
                    + " elements, got " + x.shapeInfoToString());
        }
        return HostArrays.pointer(x, 0);
    }

    /**
     * c = op(a) x op(b) + beta * c for whole 2-d tensors, when all three are dense c-order FLOAT tensors the Java
     * kernels may use ({@link HostArrays#usable}); returns false (nothing done) otherwise, for the caller's ND4J path.
     */
    static boolean product(INDArray a, boolean transA, INDArray b, boolean transB, float beta, INDArray c) {
        if (!HostArrays.usable(a, b, c) || a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || !HostArrays.isDense(a)
                || !HostArrays.isDense(b) || !HostArrays.isDense(c)) {
            return false;
        }
        int m = Math.toIntExact(c.size(0));
        int n = Math.toIntExact(c.size(1));
        int k = Math.toIntExact(transA ? a.size(0) : a.size(1));
        long bRows = transB ? b.size(1) : b.size(0);
        long bCols = transB ? b.size(0) : b.size(1);
        long aRows = transA ? a.size(1) : a.size(0);
        if (aRows != m || bRows != k || bCols != n) {
            throw new IllegalArgumentException("matrix product of " + java.util.Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " and " + java.util.Arrays.toString(b.shape()) + (transB ? "^T" : "")
                    + " into " + java.util.Arrays.toString(c.shape()) + ": the shapes do not fit");
        }
        gemm(transA, transB, m, n, k, a, 0, Math.toIntExact(a.size(1)), b, 0, Math.toIntExact(b.size(1)), beta, c, 0,
                n);
        return true;
    }

    /** y[yOff ...] += x[xOff ...] for n values of dense FLOAT tensors (no Java copies, no heap garbage). */
    static void addInto(int n, INDArray x, long xOff, INDArray y, long yOff) {
        if (n == 0) {
            return;
        }
        check("x", x, xOff, n, 1, n);
        check("y", y, yOff, n, 1, n);
        openblas_nolapack.cblas_saxpy(n, 1f, HostArrays.passing(HostArrays.address(x, xOff)), 1,
                HostArrays.passingSecond(HostArrays.address(y, yOff)), 1);
    }

    /** y[yOff ...] += the n values of x from value xOff (off-heap memory a kernel owns, {@link KernelMemory}). */
    static void addInto(int n, KernelMemory x, long xOff, INDArray y, long yOff) {
        if (n == 0) {
            return;
        }
        check("y", y, yOff, n, 1, n);
        openblas_nolapack.cblas_saxpy(n, 1f, HostArrays.passing(x.address(xOff, n)), 1,
                HostArrays.passingSecond(HostArrays.address(y, yOff)), 1);
    }

    private static void check(String name, INDArray x, long off, int ld, int rows, int cols) {
        if (cols > ld || off < 0 || (rows > 0 && cols > 0 && off + (long) (rows - 1) * ld + cols > x.length())) {
            throw new IndexOutOfBoundsException("gemm operand " + name + ": " + rows + " x " + cols + " from element "
                    + off + " with row stride " + ld + " does not fit a tensor of " + x.length() + " elements");
        }
        if (!HostArrays.isDense(x)) {
            throw new IllegalArgumentException("gemm operand " + name + " must be a dense c-order tensor");
        }
    }
}
