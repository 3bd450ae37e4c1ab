package io.github.seer4j.swav;

import io.github.seer4j.data.Image;
import io.github.seer4j.data.ImageSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MultiCropTest {

    /** n images of size h x w with deterministic texture (channels 1 or 3). */
    static ImageSource synthetic(int n, int channels, int h, int w) {
        return new ImageSource() {
            public int size() {
                return n;
            }

            public Image image(int index) {
                float[] px = new float[channels * h * w];
                for (int i = 0; i < px.length; i++) {
                    px[i] = ((i * 31 + index * 17) % 97) / 96f;
                }
                return new Image(channels, h, w, px);
            }
        };
    }

    @Test
    void parsesCropSpecs() {
        CropSpec s = CropSpec.parse("2x28+4x16");
        assertEquals(2, s.groups().size());
        assertEquals(6, s.totalCrops());
        assertEquals(new CropSpec.Group(2, 28, 0.14, 1.0), s.groups().get(0));
        assertEquals(new CropSpec.Group(4, 16, 0.05, 0.14), s.groups().get(1));
        assertEquals(1, s.groupOf(2));
        assertEquals(0, s.groupOf(1));
        assertEquals("2x28+4x16", s.toString());
        assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("2x"));
        assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("1x28"));
        CropSpec scaled = CropSpec.parse("2x28+2x20+2x12", 0.25, 1.0, 0.1, 0.4);
        assertEquals(new CropSpec.Group(2, 28, 0.25, 1.0), scaled.groups().get(0));
        assertEquals(new CropSpec.Group(2, 20, 0.1, 0.4), scaled.groups().get(1));
        assertEquals(new CropSpec.Group(2, 12, 0.1, 0.4), scaled.groups().get(2));
        assertThrows(IllegalArgumentException.class, () -> CropSpec.parse("2x28", 0.5, 0.4, 0.1, 0.2));
    }

    @Test
    void batchShapesAreCropMajorPerResolution() {
        MultiCropLoader loader = new MultiCropLoader(synthetic(10, 1, 28, 28),
                new MultiCropAugmenter(CropSpec.parse("2x28+4x16"), AugmentOptions.swavGray()), 4, 7L, 1, 2);
        assertEquals(2, loader.stepsPerEpoch()); // 10 / 4, last partial batch dropped
        MultiCropBatch b = loader.batch(0, 1);
        assertArrayEquals(new long[] {8, 1, 28, 28}, b.groups().get(0).shape());
        assertArrayEquals(new long[] {16, 1, 16, 16}, b.groups().get(1).shape());
        MultiCropLoader rgb = new MultiCropLoader(synthetic(6, 3, 40, 30),
                new MultiCropAugmenter(CropSpec.parse("2x32+6x12"), AugmentOptions.swavRgb()), 3, 7L, 2, 2);
        MultiCropBatch c = rgb.batch(0, 0);
        assertArrayEquals(new long[] {6, 3, 32, 32}, c.groups().get(0).shape());
        assertArrayEquals(new long[] {18, 3, 12, 12}, c.groups().get(1).shape());
    }

    @Test
    void sameSeedSameViewsOtherSeedOrEpochOtherViews() {
        MultiCropAugmenter aug = new MultiCropAugmenter(CropSpec.parse("2x24+2x12"), AugmentOptions.swavRgb());
        ImageSource src = synthetic(8, 3, 30, 30);
        MultiCropBatch a = new MultiCropLoader(src, aug, 4, 42L, 1, 1).batch(3, 1);
        MultiCropBatch b = new MultiCropLoader(src, aug, 4, 42L, 2, 1).batch(3, 1);
        assertEquals(a.groups(), b.groups());
        assertArrayEquals(a.indices(), b.indices());
        MultiCropBatch c = new MultiCropLoader(src, aug, 4, 43L, 1, 1).batch(3, 1);
        assertNotEquals(a.groups().get(0), c.groups().get(0));
        MultiCropBatch d = new MultiCropLoader(src, aug, 4, 42L, 1, 1).batch(4, 1);
        assertNotEquals(a.groups().get(1), d.groups().get(1));
    }

    @Test
    void prefetcherYieldsTheSameBatchesAsDirectBuilding() {
        MultiCropAugmenter aug = new MultiCropAugmenter(CropSpec.parse("2x16+2x8"), AugmentOptions.swavGray());
        MultiCropLoader loader = new MultiCropLoader(synthetic(9, 1, 20, 20), aug, 2, 5L, 2, 2);
        int steps = 0;
        try (MultiCropLoader.Prefetcher it = loader.epoch(1, 1)) {
            while (it.hasNext()) {
                MultiCropBatch b = it.next();
                assertEquals(1 + steps, b.step());
                assertEquals(loader.batch(1, b.step()).groups(), b.groups());
                steps++;
            }
        }
        assertEquals(3, steps); // 4 steps per epoch, started at step 1
    }

    @Test
    void constantImageGivesTheNormalisedConstant() {
        // any crop, flip or blur of a constant image is that constant; normalised (0.5 - 0.25) / 0.5 = 0.5 (jitter off:
        // its brightness part would scale the constant)
        AugmentOptions o = new AugmentOptions(0.8, 0.0, 0.2, 1.0, 0.1, 2.0, 0.5, 1, new float[] {0.25f},
                new float[] {0.5f});
        float[][] out = {new float[2 * 20 * 20], new float[3 * 9 * 9]};
        new MultiCropAugmenter(CropSpec.parse("2x20+3x9"), o).augment(constantImage(25, 0.5f), 1L, 0, 0, out, 1, 0);
        for (float[] g : out) {
            for (float v : g) {
                assertEquals(0.5f, v, 1e-5f);
            }
        }
    }

    @Test
    void grayContrastBlendsWithTheMeanAndClamps() {
        // mean of {0.2, 0.4, 0.9} is 0.5: factor 2 gives {-0.1, 0.3, 1.3} clamped to {0, 0.3, 1}; 0.5 gives {0.35, 0.45, 0.7}
        float[] px = {0.2f, 0.4f, 0.9f};
        MultiCropAugmenter.grayContrast(px, 3, 2f);
        assertArrayEquals(new float[] {0f, 0.3f, 1f}, px, 1e-6f);
        float[] qx = {0.2f, 0.4f, 0.9f};
        MultiCropAugmenter.grayContrast(qx, 3, 0.5f);
        assertArrayEquals(new float[] {0.35f, 0.45f, 0.7f}, qx, 1e-6f);
    }

    @Test
    void grayJitterScalesAConstantImageByOneBrightnessFactorPerCrop() {
        // jitter always on, strength 0.5, no blur, mean 0 / std 1: contrast leaves a constant image alone, brightness
        // multiplies it by one factor in [0.5, 1.5] per crop, so every crop is constant in [0.2, 0.6]
        AugmentOptions o = new AugmentOptions(0.5, 1.0, 0.0, 0.0, 0.1, 2.0, 0.5, 1, new float[] {0f},
                new float[] {1f});
        float[][] out = {new float[4 * 16 * 16]};
        new MultiCropAugmenter(CropSpec.parse("4x16"), o).augment(constantImage(20, 0.4f), 3L, 0, 0, out, 1, 0);
        java.util.Set<Float> levels = new java.util.HashSet<>();
        for (int c = 0; c < 4; c++) {
            float first = out[0][c * 256];
            assertTrue(first >= 0.2f - 1e-6f && first <= 0.6f + 1e-6f, "crop " + c + " level " + first);
            for (int i = 0; i < 256; i++) {
                assertEquals(first, out[0][c * 256 + i], 1e-6f);
            }
            levels.add(first);
        }
        assertTrue(levels.size() > 1, "every crop got the same brightness");
    }

    @Test
    void cropBoxStaysInsideAndWithinTheScaleRange() {
        qt().withExamples(300).forAll(integers().between(64, 400), integers().between(64, 400),
                longs().between(0, Long.MAX_VALUE)).check((h, w, seed) -> {
            double[] box = MultiCropAugmenter.cropBox(h, w, 0.14, 1.0, new SplittableRandom(seed));
            boolean inside = box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= h && box[1] + box[3] <= w;
            double frac = box[2] * box[3] / (h * (double) w);
            // the aspect ratio drawn is in [3/4, 4/3]; each side is then rounded to whole pixels (at most 0.5 off)
            boolean ratioOk = (box[3] + 0.5) / (box[2] - 0.5) >= 3.0 / 4.0 && (box[3] - 0.5) / (box[2] + 0.5) <= 4.0 / 3.0;
            boolean fallback = frac == 1.0 || ratioOk;
            return inside && fallback && frac >= 0.10 && frac <= 1.0;
        });
    }

    @Test
    void augmentationThroughput() {
        // benchmark: images/s for 2x28+4x16 crops of 28x28 gray images on one and two threads
        ImageSource src = synthetic(512, 1, 28, 28);
        MultiCropAugmenter aug = new MultiCropAugmenter(CropSpec.parse("2x28+4x16"), AugmentOptions.swavGray());
        for (int workers : new int[] {1, 2}) {
            MultiCropLoader loader = new MultiCropLoader(src, aug, 128, 1L, workers, 2);
            for (int warm = 0; warm < 2; warm++) {
                loader.batch(warm, 0);
            }
            long t0 = System.nanoTime();
            int images = 0;
            try (MultiCropLoader.Prefetcher it = loader.epoch(9, 0)) {
                while (it.hasNext()) {
                    INDArray g = it.next().groups().get(0);
                    images += (int) g.size(0) / 2;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("{\"bench\":\"augment\",\"crops\":\"2x28+4x16\",\"workers\":%d,\"images_per_s\":%.0f}%n",
                    workers, images / s);
            assertTrue(images == 512);
        }
    }

    /** A one-channel size x size image whose every pixel is {@code value}. */
    private static Image constantImage(int size, float value) {
        float[] px = new float[size * size];
        java.util.Arrays.fill(px, value);
        return new Image(1, size, size, px);
    }
}
