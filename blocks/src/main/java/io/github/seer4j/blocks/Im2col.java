package io.github.seer4j.blocks;

/**
 * Patch gathering (im2col) for a square convolution over NHWC images, laid out so that a grouped convolution is one
 * matrix product per group. Row r of the patch matrix belongs to output pixel r; it holds, group after group, the
 * group's input channels at every <em>active</em> kernel tap ([group][tap][channel in group]). A tap is active when it
 * reads real pixels for at least one output pixel: a padded 3x3 kernel on a 1x1 map has only its centre tap active
 * (so it costs one ninth), one with stride 2 on a 2x2 map four. Inactive taps only ever see zero padding, so
 * dropping them changes no value. Weights are rearranged to match ([out][tap][channel in group]).
 */
final class Im2col {

    final int height;
    final int width;
    final int channels;
    final int kernel;
    final int stride;
    final int padding;
    final int groups;
    final int outHeight;
    final int outWidth;
    private final int[] tapRow;
    private final int[] tapCol;
    private final int groupChannels;
    /** For output pixel p and active tap t, the input pixel read at [p * taps + t], or -1 for padding. */
    private final int[] source;

    Im2col(int height, int width, int channels, int kernel, int stride, int padding, int groups) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        this.groupChannels = channels / groups;
        this.outHeight = (height + 2 * padding - kernel) / stride + 1;
        this.outWidth = (width + 2 * padding - kernel) / stride + 1;
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("a " + kernel + "x" + kernel + " convolution with padding " + padding
                    + " needs an input of at least " + (kernel - 2 * padding) + " pixels, got " + height + "x" + width);
        }
        boolean[] rows = activeOffsets(height, outHeight);
        boolean[] cols = activeOffsets(width, outWidth);
        int count = 0;
        for (int i = 0; i < kernel; i++) {
            for (int j = 0; j < kernel; j++) {
                count += rows[i] && cols[j] ? 1 : 0;
            }
        }
        tapRow = new int[count];
        tapCol = new int[count];
        int t = 0;
        for (int i = 0; i < kernel; i++) {
            for (int j = 0; j < kernel; j++) {
                if (rows[i] && cols[j]) {
                    tapRow[t] = i;
                    tapCol[t++] = j;
                }
            }
        }
        source = new int[outHeight * outWidth * count];
        for (int p = 0; p < outHeight * outWidth; p++) {
            for (int k = 0; k < count; k++) {
                int iy = (p / outWidth) * stride + tapRow[k] - padding;
                int ix = (p % outWidth) * stride + tapCol[k] - padding;
                source[p * count + k] = iy >= 0 && iy < height && ix >= 0 && ix < width ? iy * width + ix : -1;
            }
        }
    }

    /** Kernel offsets along one axis that read a real pixel for some output position. */
    private boolean[] activeOffsets(int in, int out) {
        boolean[] active = new boolean[kernel];
        for (int k = 0; k < kernel; k++) {
            for (int o = 0; o < out && !active[k]; o++) {
                int i = o * stride + k - padding;
                active[k] = i >= 0 && i < in;
            }
        }
        return active;
    }

    /**
     * Every (output pixel, active tap, input pixel) triple where the tap reads a real pixel, flattened: what a
     * convolution on a tiny map computes directly, one matrix product per triple and group.
     */
    int[] pairs() {
        int taps = taps();
        int[] out = new int[source.length * 3];
        int k = 0;
        for (int i = 0; i < source.length; i++) {
            if (source[i] >= 0) {
                out[k++] = i / taps;
                out[k++] = i % taps;
                out[k++] = source[i];
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** Number of active taps. */
    int taps() {
        return tapRow.length;
    }

    /** Patch-matrix columns: channels x active taps. */
    int rowLength() {
        return channels * taps();
    }

    /** Output pixels per image. */
    int outPixels() {
        return outHeight * outWidth;
    }

    /** Input values per image. */
    int inValues() {
        return height * width * channels;
    }

    /** Fills cols (images x outPixels rows of {@link #rowLength()}) from {@code images} NHWC images in x. */
    void gather(float[] x, int images, float[] cols) {
        int pixels = height * width;
        int taps = taps();
        int groupLength = taps * groupChannels;
        java.util.Arrays.fill(cols, 0, images * outPixels() * rowLength(), 0f); // padding: one pass, not per tap
        for (int n = 0, r = 0; n < images; n++) {
            for (int p = 0; p < outPixels(); p++, r++) {
                for (int t = 0; t < taps; t++) {
                    int q = source[p * taps + t];
                    if (q >= 0) {
                        int src = (n * pixels + q) * channels;
                        int dst = r * rowLength() + t * groupChannels;
                        for (int g = 0; g < groups; g++) {
                            System.arraycopy(x, src + g * groupChannels, cols, dst + g * groupLength, groupChannels);
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #gather}: adds every patch value back onto its pixel in dx (zeroed by the caller). */
    void scatterAdd(float[] dCols, int images, float[] dx) {
        int pixels = height * width;
        int taps = taps();
        int groupLength = taps * groupChannels;
        for (int n = 0, r = 0; n < images; n++) {
            for (int p = 0; p < outPixels(); p++, r++) {
                for (int t = 0; t < taps; t++) {
                    int q = source[p * taps + t];
                    if (q >= 0) {
                        int dst = (n * pixels + q) * channels;
                        int src = r * rowLength() + t * groupChannels;
                        for (int g = 0; g < groups; g++) {
                            for (int i = 0; i < groupChannels; i++) {
                                dx[dst + g * groupChannels + i] += dCols[src + g * groupLength + i];
                            }
                        }
                    }
                }
            }
        }
    }

    /** A weight [out][channel in group][k][k] (c order) rearranged to [out][active tap][channel in group]. */
    float[] rearrange(float[] weight, int outChannels) {
        int taps = taps();
        float[] out = new float[outChannels * taps * groupChannels];
        for (int o = 0; o < outChannels; o++) {
            for (int t = 0; t < taps; t++) {
                for (int i = 0; i < groupChannels; i++) {
                    out[(o * taps + t) * groupChannels + i] =
                            weight[((o * groupChannels + i) * kernel + tapRow[t]) * kernel + tapCol[t]];
                }
            }
        }
        return out;
    }

    /** The adjoint of {@link #rearrange}: a [out][active tap][channel] gradient back to [out][channel][k][k]. */
    float[] restore(float[] rearranged, int outChannels) {
        int taps = taps();
        float[] out = new float[outChannels * groupChannels * kernel * kernel];
        for (int o = 0; o < outChannels; o++) {
            for (int t = 0; t < taps; t++) {
                for (int i = 0; i < groupChannels; i++) {
                    out[((o * groupChannels + i) * kernel + tapRow[t]) * kernel + tapCol[t]] =
                            rearranged[(o * taps + t) * groupChannels + i];
                }
            }
        }
        return out;
    }
}
