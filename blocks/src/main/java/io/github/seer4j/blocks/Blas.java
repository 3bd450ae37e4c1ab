package io.github.seer4j.blocks;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Single-precision matrix products straight into ND4J's CPU BLAS (the OpenBLAS that {@code Nd4j.gemm} calls), on
 * sub-matrices of dense row-major FLOAT tensors given by an element offset and a leading dimension. That is what lets
 * one convolution run as one product per group on slices of one patch matrix, without copies or ND4J's per-call
 * view handling. Every call checks that the last element it touches lies inside each tensor.
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
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f,
                HostArrays.pointer(a, aOff), lda, HostArrays.pointer(b, bOff), ldb, beta,
                HostArrays.pointer(c, cOff), ldc);
    }

    /** y[yOff ...] += x[xOff ...] for n values of dense FLOAT tensors (no Java copies, no heap garbage). */
    static void addInto(int n, INDArray x, long xOff, INDArray y, long yOff) {
        if (n == 0) {
            return;
        }
        check("x", x, xOff, n, 1, n);
        check("y", y, yOff, n, 1, n);
        openblas_nolapack.cblas_saxpy(n, 1f, HostArrays.pointer(x, xOff), 1, HostArrays.pointer(y, yOff), 1);
    }

    /** y[yOff ...] = x[xOff ...] for n values of dense FLOAT tensors. */
    static void copy(int n, INDArray x, long xOff, INDArray y, long yOff) {
        if (n == 0) {
            return;
        }
        check("x", x, xOff, n, 1, n);
        check("y", y, yOff, n, 1, n);
        openblas_nolapack.cblas_scopy(n, HostArrays.pointer(x, xOff), 1, HostArrays.pointer(y, yOff), 1);
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
