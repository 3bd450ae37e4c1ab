package io.github.seer4j.regnet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Average pooling of an NHWC map [N, H, W, C] to a grid of at most {@code grid x grid} cells, flattened cell by cell
 * (row-major) to [N, cells * C]. Cell boundaries are those of PyTorch's {@code AdaptiveAvgPool2d}: cell i of n over
 * a side of length L spans [floor(i L / n), ceil((i + 1) L / n)), so cells may overlap when n does not divide L. A
 * side shorter than the grid keeps one cell per pixel; grid 1 is the global average pool.
 */
public final class GridPooling {
    private GridPooling() {}

    /** Cells per side for a map side of {@code length} pixels. */
    public static int cells(long length, int grid) {
        if (grid < 1) {
            throw new IllegalArgumentException("pooling grid must be at least 1 cell per side, got " + grid);
        }
        return (int) Math.min(grid, length);
    }

    public static INDArray pool(INDArray nhwc, int grid) {
        if (nhwc.rank() != 4) {
            throw new IllegalArgumentException("grid pooling needs an NHWC map [N, H, W, C], got shape "
                    + java.util.Arrays.toString(nhwc.shape()));
        }
        long h = nhwc.size(1);
        long w = nhwc.size(2);
        long c = nhwc.size(3);
        int gh = cells(h, grid);
        int gw = cells(w, grid);
        if (gh == 1 && gw == 1) {
            return nhwc.mean(1, 2);
        }
        if (gh == h && gw == w) { // one cell per pixel: NHWC rows are already laid out cell by cell
            return nhwc.dup('c').reshape(nhwc.size(0), h * w * c);
        }
        INDArray out = Nd4j.create(nhwc.dataType(), nhwc.size(0), gh * gw * c);
        for (int i = 0; i < gh; i++) {
            for (int j = 0; j < gw; j++) {
                INDArray cell = nhwc.get(NDArrayIndex.all(), NDArrayIndex.interval(start(i, h, gh), end(i, h, gh)),
                        NDArrayIndex.interval(start(j, w, gw), end(j, w, gw)), NDArrayIndex.all()).mean(1, 2);
                long offset = (long) (i * gw + j) * c;
                out.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + c)).assign(cell);
            }
        }
        return out;
    }

    private static long start(int i, long length, int n) {
        return Math.floorDiv(i * length, n);
    }

    private static long end(int i, long length, int n) {
        return -Math.floorDiv(-(i + 1) * length, n);
    }
}
