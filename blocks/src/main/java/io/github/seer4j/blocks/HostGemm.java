package io.github.seer4j.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix products of small c-order Java float arrays (Squeeze-Excitation's dense layers on pooled vectors) through
 * {@link Blas}: both operands are staged in this thread's off-heap buffers, multiplied, and the product read back.
 */
final class HostGemm {

    private HostGemm() {
    }

    /**
     * op(A) x op(B) as a new c-order [rows, cols] array, where A is c-order [aRows, aCols] (op = transpose when
     * transA) and likewise B.
     */
    static float[] multiply(float[] a, int aRows, int aCols, boolean transA, float[] b, int bRows, int bCols,
                            boolean transB) {
        int rows = transA ? aCols : aRows;
        int inner = transA ? aRows : aCols;
        int cols = transB ? bRows : bCols;
        if ((transB ? bCols : bRows) != inner) {
            throw new IllegalArgumentException("inner sizes differ: " + inner + " vs " + (transB ? bCols : bRows));
        }
        INDArray aArr = HostArrays.offHeapScratch(0, (long) aRows * aCols);
        INDArray bArr = HostArrays.offHeapScratch(1, (long) bRows * bCols);
        INDArray product = HostArrays.offHeapScratch(2, (long) rows * cols);
        HostArrays.write(a, 0, aArr, 0, aRows * aCols);
        HostArrays.write(b, 0, bArr, 0, bRows * bCols);
        Blas.gemm(transA, transB, rows, cols, inner, aArr, 0, aCols, bArr, 0, bCols, 0f, product, 0, cols);
        return HostArrays.read(product, 0, rows * cols, new float[rows * cols], 0);
    }
}
