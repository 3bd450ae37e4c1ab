package io.github.seer4j.data;


/** Gray images stored as unsigned bytes (one plane each), with a class label per image. */
public final class LabeledImages implements ImageSource {

    private final byte[] pixels;
    private final int count;
    private final int rows;
    private final int cols;
    private final int[] labels;

    public LabeledImages(byte[] pixels, int count, int rows, int cols, int[] labels) {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes do not make " + count + " images of "
                    + rows + "x" + cols);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
        }
        this.pixels = pixels;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
    }

    @Override
    public int size() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int label(int index) {
        return labels[index];
    }

    /** A copy of all labels, in image order. */
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public Image image(int index) {
        int n = rows * cols;
        float[] out = new float[n];
        int base = index * n;
        for (int i = 0; i < n; i++) {
            out[i] = (pixels[base + i] & 0xff) / 255f;
        }
        return new Image(1, rows, cols, out);
    }
}
