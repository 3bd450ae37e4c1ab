package io.github.seer4j.data;

import java.util.Objects;

/**
 * A decoded image: {@code channels} planes of {@code height x width} floats in [0, 1], channel-major (CHW) layout.
 */
public record Image(int channels, int height, int width, float[] pixels) {

    public Image {
        Objects.requireNonNull(pixels, "pixels");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("an image has 1 (gray) or 3 (RGB) channels, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("pixel array holds " + pixels.length + " values, a " + channels + "x"
                    + height + "x" + width + " image needs " + channels * height * width);
        }
    }

    /** The value of channel {@code c} at row {@code y}, column {@code x}. */
    public float at(int c, int y, int x) {
        return pixels[(c * height + y) * width + x];
    }

    /**
     * This image resampled bilinearly to {@code size x size} (pixel centres aligned, edges clamped: PyTorch's
     * {@code interpolate(mode="bilinear", align_corners=False)}); itself when it already has that size.
     */
    public Image resized(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("resize target must be at least 1 pixel, got " + size);
        }
        if (height == size && width == size) {
            return this;
        }
        float[] out = new float[channels * size * size];
        Bilinear.resize(this, new double[] {0, 0, height, width}, false, size, out);
        return new Image(channels, size, size, out);
    }
}
