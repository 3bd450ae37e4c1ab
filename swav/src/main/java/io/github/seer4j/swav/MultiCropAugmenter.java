package io.github.seer4j.swav;

import io.github.seer4j.data.Bilinear;
import io.github.seer4j.data.Image;

import java.util.SplittableRandom;

/**
 * Cuts the SwAV views of one image on plain float arrays: RandomResizedCrop (aspect 3/4..4/3, bilinear), horizontal
 * flip, colour jitter in random order (brightness, contrast, saturation, hue; RGB only), random grayscale (RGB only),
 * Gaussian blur, then per-channel normalisation. The random stream of an image depends only on (seed, epoch, index).
 */
public final class MultiCropAugmenter {

    private static final double LOG_RATIO_MIN = Math.log(3.0 / 4.0);
    private static final double LOG_RATIO_MAX = Math.log(4.0 / 3.0);

    private final CropSpec spec;
    private final AugmentOptions options;

    public MultiCropAugmenter(CropSpec spec, AugmentOptions options) {
        this.spec = spec;
        this.options = options;
    }

    public CropSpec spec() {
        return spec;
    }

    public AugmentOptions options() {
        return options;
    }

    /** Values per crop of group {@code g}: channels x size x size. */
    public int cropLength(int g) {
        int s = spec.groups().get(g).size();
        return options.outputChannels() * s * s;
    }

    /**
     * Writes all crops of {@code image} into {@code out[g]}: crop j of group g goes to offset
     * {@code (j * batch + slot) * cropLength(g)}, i.e. crop-major batches as SwAV concatenates them.
     */
    public void augment(Image image, long seed, int epoch, int index, float[][] out, int batch, int slot) {
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, epoch, index));
        for (int g = 0; g < spec.groups().size(); g++) {
            CropSpec.Group group = spec.groups().get(g);
            for (int j = 0; j < group.count(); j++) {
                crop(image, group, rnd, out[g], (j * batch + slot) * cropLength(g));
            }
        }
    }

    private void crop(Image img, CropSpec.Group group, SplittableRandom rnd, float[] dst, int offset) {
        int s = group.size();
        int cin = img.channels();
        float[] buf = new float[cin * s * s];
        double[] box = cropBox(img.height(), img.width(), group.minScale(), group.maxScale(), rnd);
        boolean flip = rnd.nextDouble() < options.flipProbability();
        Bilinear.resize(img, box, flip, s, buf);
        if (cin == 3) {
            if (rnd.nextDouble() < options.jitterProbability()) {
                jitter(buf, s * s, rnd);
            }
            if (rnd.nextDouble() < options.grayscaleProbability()) {
                grayscale(buf, s * s);
            }
        } else if (cin == 1 && rnd.nextDouble() < options.jitterProbability()) {
            grayJitter(buf, s * s, rnd);
        }
        boolean blur = rnd.nextDouble() < options.blurProbability();
        double sigma = (options.blurSigmaMin() + rnd.nextDouble() * (options.blurSigmaMax() - options.blurSigmaMin()))
                * (options.blurScaledToCrop() ? s / 224.0 : 1.0);
        if (blur) {
            blur(buf, cin, s, sigma);
        }
        writeNormalised(buf, cin, s * s, dst, offset);
    }

    /** torchvision's RandomResizedCrop box {top, left, height, width}: 10 tries, then a centre crop. */
    static double[] cropBox(int h, int w, double minScale, double maxScale, SplittableRandom rnd) {
        double area = (double) h * w;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + rnd.nextDouble() * (maxScale - minScale));
            double ratio = Math.exp(LOG_RATIO_MIN + rnd.nextDouble() * (LOG_RATIO_MAX - LOG_RATIO_MIN));
            int cw = (int) Math.round(Math.sqrt(target * ratio));
            int ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                int top = rnd.nextInt(h - ch + 1);
                int left = rnd.nextInt(w - cw + 1);
                return new double[] {top, left, ch, cw};
            }
        }
        double inRatio = (double) w / h;
        int cw;
        int ch;
        if (inRatio < 3.0 / 4.0) {
            cw = w;
            ch = (int) Math.round(w / (3.0 / 4.0));
        } else if (inRatio > 4.0 / 3.0) {
            ch = h;
            cw = (int) Math.round(h * (4.0 / 3.0));
        } else {
            cw = w;
            ch = h;
        }
        ch = Math.min(ch, h);
        cw = Math.min(cw, w);
        return new double[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
    }

    private void jitter(float[] px, int n, SplittableRandom rnd) {
        double st = options.jitterStrength();
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        double brightness = factor(st, rnd);
        double contrast = factor(st, rnd);
        double saturation = factor(st, rnd);
        double hue = (rnd.nextDouble() * 2 - 1) * st / 4;
        for (int op : order) {
            switch (op) {
                case 0 -> scale(px, (float) brightness);
                case 1 -> contrast(px, n, (float) contrast);
                case 2 -> saturate(px, n, (float) saturation);
                default -> hue(px, n, hue);
            }
        }
    }

    /**
     * Colour jitter's two parts that exist for one channel (as torchvision's ColorJitter on a gray image): brightness
     * and contrast by factors U(1 - s, 1 + s), in random order. Without it two crops of one Fashion-MNIST image share
     * their gray levels, a shortcut that SwAV learns instead of shapes (README, "Recipe").
     */
    private void grayJitter(float[] px, int n, SplittableRandom rnd) {
        double st = options.jitterStrength();
        boolean brightnessFirst = rnd.nextBoolean();
        float brightness = (float) factor(st, rnd);
        float contrast = (float) factor(st, rnd);
        if (brightnessFirst) {
            scale(px, brightness);
            grayContrast(px, n, contrast);
        } else {
            grayContrast(px, n, contrast);
            scale(px, brightness);
        }
    }

    /** Blends one gray channel with its mean by factor f (torchvision's adjust_contrast), clamped to [0, 1]. */
    static void grayContrast(float[] px, int n, float f) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m += px[i];
        }
        float mean = (float) (m / n);
        for (int i = 0; i < n; i++) {
            px[i] = clamp((px[i] - mean) * f + mean);
        }
    }

    private static double factor(double strength, SplittableRandom rnd) {
        return Math.max(0, 1 - strength) + rnd.nextDouble() * (1 + strength - Math.max(0, 1 - strength));
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    private static float luma(float[] px, int n, int i) {
        return 0.299f * px[i] + 0.587f * px[n + i] + 0.114f * px[2 * n + i];
    }

    private static void scale(float[] px, float f) {
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp(px[i] * f);
        }
    }

    private static void contrast(float[] px, int n, float f) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m += luma(px, n, i);
        }
        float mean = (float) (m / n);
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp((px[i] - mean) * f + mean);
        }
    }

    private static void saturate(float[] px, int n, float f) {
        for (int i = 0; i < n; i++) {
            float g = luma(px, n, i);
            for (int c = 0; c < 3; c++) {
                px[c * n + i] = clamp((px[c * n + i] - g) * f + g);
            }
        }
    }

    /** Hue rotation by {@code turns} of a full turn, done as a rotation of the chroma plane in YIQ space. */
    private static void hue(float[] px, int n, double turns) {
        double a = 2 * Math.PI * turns;
        float cos = (float) Math.cos(a);
        float sin = (float) Math.sin(a);
        for (int i = 0; i < n; i++) {
            float r = px[i];
            float g = px[n + i];
            float b = px[2 * n + i];
            float y = 0.299f * r + 0.587f * g + 0.114f * b;
            float ii = 0.596f * r - 0.274f * g - 0.322f * b;
            float q = 0.211f * r - 0.523f * g + 0.312f * b;
            float i2 = ii * cos - q * sin;
            float q2 = ii * sin + q * cos;
            px[i] = clamp(y + 0.956f * i2 + 0.621f * q2);
            px[n + i] = clamp(y - 0.272f * i2 - 0.647f * q2);
            px[2 * n + i] = clamp(y - 1.106f * i2 + 1.703f * q2);
        }
    }

    private static void grayscale(float[] px, int n) {
        for (int i = 0; i < n; i++) {
            float g = luma(px, n, i);
            px[i] = g;
            px[n + i] = g;
            px[2 * n + i] = g;
        }
    }

    /** Separable Gaussian blur with edge clamping; radius ceil(3 sigma). */
    private static void blur(float[] px, int channels, int s, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        if (r < 1) {
            r = 1;
        }
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        float[] tmp = new float[s * s];
        for (int c = 0; c < channels; c++) {
            int base = c * s * s;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float acc = 0;
                    for (int t = -r; t <= r; t++) {
                        int xx = Math.max(0, Math.min(s - 1, x + t));
                        acc += k[t + r] * px[base + y * s + xx];
                    }
                    tmp[y * s + x] = acc;
                }
            }
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float acc = 0;
                    for (int t = -r; t <= r; t++) {
                        int yy = Math.max(0, Math.min(s - 1, y + t));
                        acc += k[t + r] * tmp[yy * s + x];
                    }
                    px[base + y * s + x] = acc;
                }
            }
        }
    }

    private void writeNormalised(float[] buf, int cin, int n, float[] dst, int offset) {
        int cout = options.outputChannels();
        float[] mean = options.mean();
        float[] std = options.std();
        for (int c = 0; c < cout; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            int o = offset + c * n;
            for (int i = 0; i < n; i++) {
                float v;
                if (cin == cout) {
                    v = buf[c * n + i];
                } else if (cin == 1) {
                    v = buf[i];
                } else {
                    v = luma(buf, n, i);
                }
                dst[o + i] = (v - m) * inv;
            }
        }
    }
}
