package io.github.seer4j.regnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Cell boundaries and layout against PyTorch's adaptive_avg_pool2d, values computed with torch 1.13. */
class GridPoolingTest {

    /** One image, one channel, holding 0, 1, 2, ... row by row, as NHWC [1, side, side, 1]. */
    private static INDArray ramp(int side) {
        return Nd4j.arange(side * side).castTo(DataType.FLOAT).reshape(1, side, side, 1);
    }

    private static float[] row(INDArray pooled) {
        return pooled.getRow(0).toFloatVector();
    }

    @Test
    void overlappingCellsWhenTheGridDoesNotDivideTheSide() {
        // adaptive_avg_pool2d(arange(9).view(1,1,3,3), 2) = [[2, 3], [5, 6]]
        assertArrayEquals(new float[] {2, 3, 5, 6}, row(GridPooling.pool(ramp(3), 2)), 1e-6f);
        // adaptive_avg_pool2d(arange(25).view(1,1,5,5), 3) = [[3, 4.5, 6], [10.5, 12, 13.5], [18, 19.5, 21]]
        assertArrayEquals(new float[] {3, 4.5f, 6, 10.5f, 12, 13.5f, 18, 19.5f, 21},
                row(GridPooling.pool(ramp(5), 3)), 1e-5f);
    }

    @Test
    void aGridOfOneIsTheGlobalMeanAndALargeGridKeepsEveryPixel() {
        assertArrayEquals(new float[] {4}, row(GridPooling.pool(ramp(3), 1)), 1e-6f);
        assertArrayEquals(new float[] {0, 1, 2, 3}, row(GridPooling.pool(ramp(2), 7)), 1e-6f);
    }

    @Test
    void cellsAreLaidOutCellByCellWithTheirChannelsTogether() {
        // two channels: the second is ten times the first; a 2x2 map pooled 2x2 keeps each pixel
        INDArray map = Nd4j.create(new float[] {0, 0, 1, 10, 2, 20, 3, 30}, new long[] {1, 2, 2, 2});
        assertArrayEquals(new float[] {0, 0, 1, 10, 2, 20, 3, 30}, row(GridPooling.pool(map, 2)), 1e-6f);
    }

    @Test
    void aGridBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GridPooling.pool(ramp(3), 0));
    }
}
