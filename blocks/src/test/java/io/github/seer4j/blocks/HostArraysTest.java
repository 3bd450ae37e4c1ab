package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The pointer the kernels bind points at the view's first element for every kind of view the engine makes:
     * slices, slices of slices, reshaped slices, arrays made on another's buffer at an offset, arrays in a workspace;
     * each read through it gives the arange values the view holds.
     */
    @Test
    void pointersPointAtTheFirstElementOfViews() {
        INDArray x = Nd4j.arange(120).castTo(DataType.FLOAT).reshape(4, 5, 6);
        INDArray slice = x.get(NDArrayIndex.point(2)); // 60..89
        INDArray sliceOfSlice = slice.get(NDArrayIndex.interval(3, 5), NDArrayIndex.all()); // 78..89
        INDArray reshaped = sliceOfSlice.reshape(3, 4); // 78..89
        INDArray onBuffer = Nd4j.create(x.data(), new long[] {2, 3}, new long[] {3, 1}, 100, 'c', DataType.FLOAT);
        // ND4J measures an offset on a view's buffer from the root buffer: element 7, not 60 + 7
        INDArray onViewBuffer = Nd4j.create(slice.data(), new long[] {5}, new long[] {1}, 7, 'c', DataType.FLOAT);
        assertFirst(0, x);
        assertFirst(60, slice);
        assertFirst(78, sliceOfSlice);
        assertFirst(78, reshaped);
        assertFirst(100, onBuffer);
        assertFirst(7, onViewBuffer);
        try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(
                org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration.builder().initialSize(1 << 20).build(), "T")) {
            INDArray inWs = Nd4j.createUninitialized(DataType.FLOAT, 8, 10);
            HostArrays.write(new float[80], inWs);
            inWs.get(NDArrayIndex.point(3)).assign(Nd4j.arange(10).castTo(DataType.FLOAT));
            assertFirst(0, inWs.get(NDArrayIndex.point(3)));
            assertFirst(4, inWs.get(NDArrayIndex.point(3)).get(NDArrayIndex.interval(4, 9)));
        }
    }

    private static void assertFirst(float expected, INDArray view) {
        float[] got = new float[1];
        HostArrays.pointer(view, 0).get(got);
        assertEquals(view.getFloat(0), got[0], 0f, "ND4J's own first element of " + view.shapeInfoToString());
        assertEquals(expected, got[0], 0f, "first element of " + view.shapeInfoToString());
        long old = view.data().addressPointer().address() + view.data().addressPointer().position() * Float.BYTES;
        assertEquals(old, HostArrays.pointer(view, 0).address(), "address of " + view.shapeInfoToString());
    }

    @Test
    void stacksRowsOfViewsAndFallsBackForOtherTypes() {
        INDArray x = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(4, 3);
        INDArray lower = x.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all()); // rows 6..11, offset 6
        INDArray one = Nd4j.createFromArray(new float[][] {{-1, -2, -3}});
        INDArray stacked = HostArrays.concatRows(java.util.List.of(lower, one, lower));
        assertArrayEquals(new long[] {5, 3}, stacked.shape());
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11, -1, -2, -3, 6, 7, 8, 9, 10, 11}, stacked.data().asFloat(),
                0);
        INDArray d = HostArrays.concatRows(java.util.List.of(one.castTo(DataType.DOUBLE), one.castTo(DataType.DOUBLE)));
        assertArrayEquals(new double[] {-1, -2, -3, -1, -2, -3}, d.data().asDouble(), 0);
    }
}
