package blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/** Products of c-order arrays with each transpose combination against a naive triple loop. */
class HostGemmTest {

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void matchesNaiveProduct(boolean transA, boolean transB) {
        int rows = 3, inner = 4, cols = 5;
        double[] a = new double[rows * inner];
        double[] b = new double[inner * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 0.5 - 2;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.sin(i);
        }
        double[] expected = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < inner; k++) {
                    expected[r * cols + c] += a[r * inner + k] * b[k * cols + c];
                }
            }
        }
        double[] aStored = transA ? transpose(a, rows, inner) : a;
        double[] bStored = transB ? transpose(b, inner, cols) : b;
        double[] got = HostGemm.multiply(aStored, transA ? inner : rows, transA ? rows : inner, transA, bStored,
                transB ? cols : inner, transB ? inner : cols, transB, DataType.DOUBLE);
        assertArrayEquals(expected, got, 1e-12);
    }

    private static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
