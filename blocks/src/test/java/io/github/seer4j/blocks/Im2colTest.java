package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Active kernel taps counted by hand, and the patch layout on a tiny image. */
class Im2colTest {

    @ParameterizedTest(name = "{0}x{0} input, k={1}, stride {2}, pad {3}: {4} taps, {5}x{5} out")
    @CsvSource({
        "1, 3, 1, 1, 1, 1", // only the centre tap reads the single pixel
        "1, 3, 2, 1, 1, 1",
        "2, 3, 2, 1, 4, 1", // output (0,0) reads input rows/cols -1..1: taps (1,1),(1,2),(2,1),(2,2)
        "2, 3, 1, 1, 9, 2",
        "5, 3, 2, 1, 9, 3",
        "4, 1, 2, 0, 1, 2"
    })
    void countsTheTapsThatTouchRealPixels(int size, int k, int stride, int pad, int taps, int out) {
        Im2col geo = new Im2col(size, size, 4, k, stride, pad, 2);
        assertEquals(taps, geo.taps());
        assertEquals(out, geo.outHeight);
        assertEquals(taps * 4, geo.rowLength());
    }

    @Test
    void gathersGroupThenTapThenChannelWithZeroPadding() {
        // one 2x2 image, 2 channels (value = 10 * pixel + channel), 3x3 kernel, stride 2, pad 1, 2 groups
        Im2col geo = new Im2col(2, 2, 2, 3, 2, 1, 2);
        float[] x = {0, 1, 10, 11, 20, 21, 30, 31};
        float[] cols = new float[geo.rowLength()];
        geo.gather(x, 1, cols);
        // active taps (1,1),(1,2),(2,1),(2,2) read pixels 0,1,2,3; group 0 = channel 0, group 1 = channel 1
        assertArrayEquals(new float[] {0, 10, 20, 30, 1, 11, 21, 31}, cols, 0);
        float[] dx = new float[8];
        geo.scatterAdd(cols, 1, dx);
        assertArrayEquals(x, dx, 0);
    }

    @Test
    void pairsListTheTapsThatReadRealPixels() {
        // 2x2 map, 3x3 kernel, stride 1, pad 1: output (0,0) reads pixels 0,1,2,3 through taps (1,1),(1,2),(2,1),(2,2)
        Im2col geo = new Im2col(2, 2, 4, 3, 1, 1, 2);
        int[] pairs = geo.pairs();
        assertEquals(4 * 4 * 3, pairs.length); // every output pixel reads 4 real pixels
        assertArrayEquals(new int[] {0, 4, 0, 0, 5, 1, 0, 7, 2, 0, 8, 3}, java.util.Arrays.copyOf(pairs, 12));
    }

    @Test
    void rearrangedWeightsRoundTrip() {
        Im2col geo = new Im2col(1, 1, 2, 3, 1, 1, 1);
        float[] w = new float[2 * 2 * 9]; // [out 2][in 2][3][3]
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        float[] r = geo.rearrange(w, 2);
        assertArrayEquals(new float[] {4, 13, 22, 31}, r, 0); // the centre taps of (0,0),(0,1),(1,0),(1,1)
        float[] back = geo.restore(r, 2);
        assertEquals(31, back[31], 0);
        assertEquals(0, back[30], 0); // inactive taps get no gradient
    }

    @Test
    void tooSmallInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Im2col(1, 1, 2, 3, 1, 0, 1));
        assertEquals("a 3x3 convolution with padding 0 needs an input of at least 3 pixels, got 1x1", e.getMessage());
    }
}
