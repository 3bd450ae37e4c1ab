package io.github.seer4j.train;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import io.github.seer4j.data.Image;
import io.github.seer4j.data.ImageSource;

/**
 * Turns images of one size into a normalised NCHW batch, optionally with the light augmentation of supervised
 * training on small images: a random shift of up to {@code maxShift} pixels (zero padding) and a horizontal flip
 * with probability 1/2.
 */
public final class BatchAssembler {
    private final float[] mean;
    private final float[] std;
    private final DataType dataType;

    public BatchAssembler(float[] mean, float[] std, DataType dataType) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("one mean and one std per channel; got " + mean.length + " and "
                    + std.length);
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.dataType = dataType;
    }

    /** Images {@code indices} of {@code source}, normalised, without augmentation. */
    public INDArray batch(ImageSource source, int[] indices) {
        return batch(source, indices, null, 0);
    }

    /** As {@link #batch(ImageSource, int[])}, shifted and flipped at random when {@code rng} is given. */
    public INDArray batch(ImageSource source, int[] indices, SplittableRandom rng, int maxShift) {
        Image first = source.image(indices[0]);
        int c = first.channels();
        int h = first.height();
        int w = first.width();
        if (c != mean.length) {
            throw new IllegalArgumentException("images have " + c + " channels, the normalisation has " + mean.length);
        }
        float[] data = new float[indices.length * c * h * w];
        for (int b = 0; b < indices.length; b++) {
            Image img = b == 0 ? first : source.image(indices[b]);
            if (img.height() != h || img.width() != w || img.channels() != c) {
                throw new IllegalArgumentException("a batch needs images of one size; image " + indices[b] + " is "
                        + img.channels() + "x" + img.height() + "x" + img.width() + ", the first was " + c + "x" + h
                        + "x" + w);
            }
            int dy = rng == null ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
            int dx = rng == null ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
            boolean flip = rng != null && rng.nextBoolean();
            float[] px = img.pixels();
            int base = b * c * h * w;
            for (int ch = 0; ch < c; ch++) {
                float m = mean[ch];
                float s = std[ch];
                for (int y = 0; y < h; y++) {
                    int sy = y - dy;
                    for (int x = 0; x < w; x++) {
                        int sx = (flip ? w - 1 - x : x) - dx;
                        float v = sy >= 0 && sy < h && sx >= 0 && sx < w ? px[(ch * h + sy) * w + sx] : 0f;
                        data[base + (ch * h + y) * w + x] = (v - m) / s;
                    }
                }
            }
        }
        return Nd4j.create(data, new long[] {indices.length, c, h, w}, 'c').castTo(dataType);
    }
}
