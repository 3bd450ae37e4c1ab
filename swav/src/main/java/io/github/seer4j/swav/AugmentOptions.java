package io.github.seer4j.swav;

/**
 * Settings of the SwAV view augmentation: colour jitter strength and probability, random grayscale, Gaussian blur
 * (sigma range in pixels; with {@code blurScaledToCrop} in pixels of a 224 px crop, scaled to the crop size), flip,
 * output channels and normalisation.
 */
public record AugmentOptions(double jitterStrength, double jitterProbability, double grayscaleProbability,
        double blurProbability, double blurSigmaMin, double blurSigmaMax, double flipProbability,
        int outputChannels, float[] mean, float[] std, boolean blurScaledToCrop) {

    /** Options whose blur sigma is scaled to the crop size (sigma range given for a 224 px crop). */
    public AugmentOptions(double jitterStrength, double jitterProbability, double grayscaleProbability,
            double blurProbability, double blurSigmaMin, double blurSigmaMax, double flipProbability,
            int outputChannels, float[] mean, float[] std) {
        this(jitterStrength, jitterProbability, grayscaleProbability, blurProbability, blurSigmaMin, blurSigmaMax,
                flipProbability, outputChannels, mean, std, true);
    }

    public AugmentOptions {
        check("jitterProbability", jitterProbability);
        check("grayscaleProbability", grayscaleProbability);
        check("blurProbability", blurProbability);
        check("flipProbability", flipProbability);
        if (jitterStrength < 0) {
            throw new IllegalArgumentException("jitterStrength must be >= 0, got " + jitterStrength);
        }
        if (!(blurSigmaMin > 0 && blurSigmaMin <= blurSigmaMax)) {
            throw new IllegalArgumentException("blur sigma range must satisfy 0 < min <= max, got [" + blurSigmaMin
                    + ", " + blurSigmaMax + "]");
        }
        if (outputChannels != 1 && outputChannels != 3) {
            throw new IllegalArgumentException("outputChannels must be 1 or 3, got " + outputChannels);
        }
        if (mean.length != outputChannels || std.length != outputChannels) {
            throw new IllegalArgumentException("mean and std need one value per output channel (" + outputChannels + ")");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalisation std must be > 0, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The same options with colour jitter of strength {@code strength} applied with probability {@code p}. */
    public AugmentOptions withJitter(double strength, double p) {
        return new AugmentOptions(strength, p, grayscaleProbability, blurProbability, blurSigmaMin, blurSigmaMax,
                flipProbability, outputChannels, mean, std, blurScaledToCrop);
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }

    /**
     * SwAV's settings for RGB photos, as main_swav.py's transforms (and VISSL's SEER config) set them for every crop
     * size: flip p 0.5; colour distortion of strength 1, i.e. ColorJitter(brightness 0.8, contrast 0.8, saturation
     * 0.8, hue 0.2) applied with p 0.8, then RandomGrayscale p 0.2; PILRandomGaussianBlur p 0.5 with radius
     * U(0.1, 2.0) pixels of the crop itself (not scaled: a 96 px crop gets the same radius range as a 224 px one);
     * normalisation with main_swav's mean (0.485, 0.456, 0.406) and std (0.228, 0.224, 0.225).
     */
    public static AugmentOptions swavRgb() {
        return new AugmentOptions(0.8, 0.8, 0.2, 0.5, 0.1, 2.0, 0.5, 3,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.228f, 0.224f, 0.225f}, false);
    }

    /**
     * Defaults for gray data such as Fashion-MNIST: one channel, Fashion-MNIST stats; of the colour jitter only
     * brightness and contrast apply (strength 0.8, p 0.8, as torchvision's ColorJitter does on a gray image; the SwAV
     * issue skipped jitter for gray data, but without it two views share their gray levels, a shortcut), no grayscale.
     */
    public static AugmentOptions swavGray() {
        return new AugmentOptions(0.8, 0.8, 0.2, 0.5, 0.1, 2.0, 0.5, 1, new float[] {0.286f}, new float[] {0.353f});
    }
}
