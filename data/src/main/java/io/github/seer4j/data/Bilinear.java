package io.github.seer4j.data;

/** Bilinear resampling on float planes, the sampling of torchvision's Resize (upscaling, no antialias). */
public final class Bilinear {
    private Bilinear() {}

    /** Bilinear resize of the box to s x s (half-pixel centres, edge clamped), flipped horizontally if asked. */
    public static void resize(Image img, double[] box, boolean flip, int s, float[] out) {
        int h = img.height();
        int w = img.width();
        float[] src = img.pixels();
        double sy = box[2] / s;
        double sx = box[3] / s;
        int[] x0 = new int[s];
        int[] x1 = new int[s];
        float[] fx = new float[s];
        for (int ox = 0; ox < s; ox++) {
            int col = flip ? s - 1 - ox : ox;
            double x = box[1] + (col + 0.5) * sx - 0.5;
            x = Math.max(0, Math.min(w - 1, x));
            x0[ox] = (int) x;
            x1[ox] = Math.min(x0[ox] + 1, w - 1);
            fx[ox] = (float) (x - x0[ox]);
        }
        for (int oy = 0; oy < s; oy++) {
            double y = box[0] + (oy + 0.5) * sy - 0.5;
            y = Math.max(0, Math.min(h - 1, y));
            int y0 = (int) y;
            int y1 = Math.min(y0 + 1, h - 1);
            float fy = (float) (y - y0);
            for (int c = 0; c < img.channels(); c++) {
                int r0 = (c * h + y0) * w;
                int r1 = (c * h + y1) * w;
                int o = (c * s + oy) * s;
                for (int ox = 0; ox < s; ox++) {
                    float a = src[r0 + x0[ox]] + (src[r0 + x1[ox]] - src[r0 + x0[ox]]) * fx[ox];
                    float b = src[r1 + x0[ox]] + (src[r1 + x1[ox]] - src[r1 + x0[ox]]) * fx[ox];
                    out[o + ox] = a + (b - a) * fy;
                }
            }
        }
    }
}
