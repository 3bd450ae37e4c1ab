package blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Bulk copies between tensors and Java arrays: views with offsets, non-c order, float and double. */
class HostArraysTest {

    @Test
    void readsViewsAtTheirOffsetAndInCOrder() {
        INDArray x = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 4);
        INDArray second = x.get(NDArrayIndex.point(1)); // values 12..23, offset 12
        assertArrayEquals(new double[] {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, HostArrays.read(second), 0);
        INDArray transposed = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).transpose();
        assertArrayEquals(new double[] {1, 3, 2, 4}, HostArrays.read(transposed), 0);
    }

    @Test
    void writesAtTheOffsetOfAView() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.zeros(type, 3, 2);
            HostArrays.write(new double[] {5, 6}, x.get(NDArrayIndex.point(1)));
            assertArrayEquals(new double[] {0, 0, 5, 6, 0, 0}, x.data().asDouble(), 0, type.toString());
            HostArrays.addInto(new double[] {1, 1}, x.get(NDArrayIndex.point(1)));
            assertArrayEquals(new double[] {0, 0, 6, 7, 0, 0}, x.data().asDouble(), 0, type.toString());
        }
    }
}
