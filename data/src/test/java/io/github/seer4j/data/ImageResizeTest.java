package io.github.seer4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Whole-image bilinear resizing against torch 1.13's interpolate(mode="bilinear", align_corners=False). */
class ImageResizeTest {

    @Test
    void upsamplesAsPyTorchBilinear() {
        Image img = new Image(1, 2, 2, new float[] {0, 1, 2, 3});
        assertArrayEquals(new float[] {
            0.00f, 0.25f, 0.75f, 1.00f,
            0.50f, 0.75f, 1.25f, 1.50f,
            1.50f, 1.75f, 2.25f, 2.50f,
            2.00f, 2.25f, 2.75f, 3.00f}, img.resized(4).pixels(), 1e-6f);
        float[] ramp = new float[9];
        for (int i = 0; i < 9; i++) {
            ramp[i] = i;
        }
        assertArrayEquals(new float[] {
            0.0f, 0.4f, 1.0f, 1.6f, 2.0f,
            1.2f, 1.6f, 2.2f, 2.8f, 3.2f,
            3.0f, 3.4f, 4.0f, 4.6f, 5.0f,
            4.8f, 5.2f, 5.8f, 6.4f, 6.8f,
            6.0f, 6.4f, 7.0f, 7.6f, 8.0f}, new Image(1, 3, 3, ramp).resized(5).pixels(), 1e-5f);
    }

    @Test
    void sameSizeIsTheImageItselfAndNoSizeIsRefused() {
        Image img = new Image(1, 2, 2, new float[] {0, 1, 2, 3});
        assertSame(img, img.resized(2));
        assertThrows(IllegalArgumentException.class, () -> img.resized(0));
    }
}
