package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Bulk copies between float tensors and Java arrays: views with offsets, non-c order, ranges, bounds. */
class HostArraysTest {

    @Test
    void readsViewsAtTheirOffsetAndInCOrder() {
        INDArray x = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 4);
        INDArray second = x.get(NDArrayIndex.point(1)); // values 12..23, offset 12
        assertArrayEquals(new float[] {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, HostArrays.read(second), 0);
        INDArray transposed = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}).transpose();
        assertArrayEquals(new float[] {1, 3, 2, 4}, HostArrays.read(transposed), 0);
        assertArrayEquals(new float[] {0, 0, 17, 18, 19}, HostArrays.read(second, 5, 3, new float[5], 2), 0);
    }

    @Test
    void writesAtTheOffsetOfAViewAndRefusesRangesOutside() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 3, 2);
        HostArrays.write(new float[] {5, 6}, x.get(NDArrayIndex.point(1)));
        assertArrayEquals(new float[] {0, 0, 5, 6, 0, 0}, x.data().asFloat(), 0);
        HostArrays.addInto(new float[] {1, 1}, x.get(NDArrayIndex.point(1)));
        assertArrayEquals(new float[] {0, 0, 6, 7, 0, 0}, x.data().asFloat(), 0);
        HostArrays.write(new float[] {9, 8, 7}, 1, x, 4, 2);
        assertArrayEquals(new float[] {0, 0, 6, 7, 8, 7}, x.data().asFloat(), 0);
        assertThrows(IndexOutOfBoundsException.class, () -> HostArrays.write(new float[3], 0, x, 4, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> HostArrays.read(x, 5, 2, new float[2], 0));
    }
}
