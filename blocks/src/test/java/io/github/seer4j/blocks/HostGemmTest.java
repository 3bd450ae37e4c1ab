package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Products of c-order arrays (each transpose combination) and of strided slices against naive triple loops. */
class HostGemmTest {

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void matchesNaiveProduct(boolean transA, boolean transB) {
        int rows = 3, inner = 4, cols = 5;
        float[] a = new float[rows * inner];
        float[] b = new float[inner * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 0.5f - 2;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.sin(i);
        }
        float[] expected = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < inner; k++) {
                    expected[r * cols + c] += a[r * inner + k] * b[k * cols + c];
                }
            }
        }
        float[] aStored = transA ? transpose(a, rows, inner) : a;
        float[] bStored = transB ? transpose(b, inner, cols) : b;
        float[] got = HostGemm.multiply(aStored, transA ? inner : rows, transA ? rows : inner, transA, bStored,
                transB ? cols : inner, transB ? inner : cols, transB);
        assertArrayEquals(expected, got, 1e-5f);
    }

    @Test
    void blasMultipliesSlicesGivenByOffsetAndRowStride() {
        // a: the 2x2 block at row 1, column 1 of a 3x4 matrix; b: the 2x1 column 2 of a 2x3 matrix
        INDArray a = Nd4j.createFromArray(new float[][] {{0, 0, 0, 0}, {0, 1, 2, 0}, {0, 3, 4, 0}});
        INDArray b = Nd4j.createFromArray(new float[][] {{0, 0, 5}, {0, 0, 6}});
        INDArray c = Nd4j.zeros(DataType.FLOAT, 2, 3);
        Blas.gemm(false, false, 2, 1, 2, a, 5, 4, b, 2, 3, 0f, c, 1, 3);
        assertArrayEquals(new float[] {0, 17, 0, 0, 39, 0}, c.data().asFloat(), 0); // [1 2; 3 4] x [5; 6]
        assertThrows(IndexOutOfBoundsException.class,
                () -> Blas.gemm(false, false, 3, 1, 2, a, 5, 4, b, 2, 3, 0f, c, 1, 3));
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
