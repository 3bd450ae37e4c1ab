package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NCHW images to NHWC and back: with value(n, c, h, w) = ((n * C + c) * H + h) * W + w, the NHWC tensor's element
 * at flat index ((n * H + h) * W + w) * C + c holds exactly that number, on one thread and split over two, and
 * a round trip gives the images back.
 */
class ChannelsLastTest {

    private final int previous = EngineThreads.threads();

    @AfterEach
    void restore() {
        EngineThreads.set(previous);
    }

    @Test
    void pixelsKeepTheirChannelsInOrder() {
        for (int threads : new int[] {1, 2}) {
            EngineThreads.set(threads);
            // 3 x 5 x 7 x 11 is small; 2 x 3 x 224 x 160 is large enough for two threads' plans
            check(3, 5, 7, 11);
            check(2, 3, 224, 160);
        }
    }

    @Test
    void rejectsOtherRanks() {
        assertThrows(IllegalArgumentException.class, () -> ChannelsLast.fromNchw(Nd4j.zeros(DataType.FLOAT, 2, 3)));
    }

    private static void check(int n, int c, int h, int w) {
        INDArray images = Nd4j.arange(0, (double) n * c * h * w).castTo(DataType.FLOAT).reshape('c', n, c, h, w);
        INDArray nhwc = ChannelsLast.fromNchw(images);
        assertArrayEquals(new long[] {n, h, w, c}, nhwc.shape());
        float[] got = HostArrays.read(nhwc);
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < c; k++) {
                        float expected = ((b * c + k) * h + y) * w + x;
                        assertEquals(expected, got[((b * h + y) * w + x) * c + k], 0f);
                    }
                }
            }
        }
        INDArray back = ChannelsLast.toNchw(nhwc);
        assertArrayEquals(new long[] {n, c, h, w}, back.shape());
        assertArrayEquals(HostArrays.read(images), HostArrays.read(back), 0f);
    }
}
