package blocks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products of c-order Java arrays through ND4J's BLAS gemm, for the Java kernels' small dense layers. The
 * result is computed transposed into a column-major array, whose memory is then exactly the c-order product.
 */
final class HostGemm {

    private HostGemm() {
    }

    /**
     * op(A) x op(B) as a c-order [rows, cols] array, where A is c-order [aRows, aCols] (op = transpose when
     * transA) and likewise B; computed in the given data type.
     */
    static double[] multiply(double[] a, int aRows, int aCols, boolean transA, double[] b, int bRows, int bCols,
                             boolean transB, DataType type) {
        int rows = transA ? aCols : aRows;
        int inner = transA ? aRows : aCols;
        int cols = transB ? bRows : bCols;
        if ((transB ? bCols : bRows) != inner) {
            throw new IllegalArgumentException("inner sizes differ: " + inner + " vs " + (transB ? bCols : bRows));
        }
        INDArray aArr = HostArrays.create(a, type, aRows, aCols);
        INDArray bArr = HostArrays.create(b, type, bRows, bCols);
        INDArray productT = Nd4j.createUninitialized(type, new long[] {cols, rows}, 'f');
        // (op(A) op(B))^T = op(B)^T op(A)^T
        Nd4j.gemm(bArr, aArr, productT, !transB, !transA, 1.0, 0.0);
        return HostArrays.read(Nd4j.create(productT.data(), new long[] {rows, cols}), new double[rows * cols]);
    }
}
