package designspace;

/**
 * How a RegNet generator turns continuous widths into channel counts. Real published models differ by it:
 * torchvision's {@code regnet_y_800mf}, {@code regnet_y_8gf} and {@code regnet_x_400mf} are not pycls's models of the
 * same name.
 */
public enum Rounding {
    /**
     * pycls / ClassyVision / VISSL: float64 quantization, and the width/group compatibility step rounds halves to
     * even ({@code round(v / g) * g}, at least {@code g}).
     */
    PYCLS,
    /**
     * torchvision: float32 quantization, and the compatibility step uses {@code _make_divisible}: halves round up
     * and a width is never rounded down by more than 10%.
     */
    TORCHVISION;

    /** Parses "pycls" or "torchvision" (any case), with an error naming the valid values. */
    public static Rounding parse(String text) {
        for (Rounding r : values()) {
            if (r.name().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new InvalidDesignException("rounding must be pycls or torchvision, got '" + text + "'");
    }

    /**
     * Quantized per-block widths: {@code u_j = w0 + wa*j}, {@code k_j = round(log(u_j/w0)/log(wm))},
     * {@code w_j = round(w0 * wm^k_j / 8) * 8}. Writes the exponents {@code k_j} into {@code ks}.
     */
    int[] blockWidths(int depth, int w0, double wa, double wm, int quantum, int[] ks) {
        int[] widths = new int[depth];
        if (this == PYCLS) {
            double logWm = Math.log(wm);
            for (int j = 0; j < depth; j++) {
                double cont = j * wa + w0;
                double k = Math.rint(Math.log(cont / w0) / logWm);
                ks[j] = (int) k;
                widths[j] = (int) Math.rint(w0 * Math.pow(wm, k) / quantum) * quantum;
            }
        } else {
            float fwa = (float) wa;
            float fw0 = (float) w0;
            float logWm = (float) Math.log(wm);
            float fwm = (float) wm;
            for (int j = 0; j < depth; j++) {
                float cont = j * fwa + fw0;
                float k = (float) Math.rint((float) Math.log(cont / fw0) / logWm);
                ks[j] = (int) k;
                float w = fw0 * (float) Math.pow(fwm, k);
                widths[j] = (int) Math.rint(w / quantum) * quantum;
            }
        }
        return widths;
    }

    /**
     * The width/group-width compatibility adjustment of one stage. Returns {@code {width, groupWidth}} such that
     * {@code round(width * bottleneck)} is a multiple of {@code groupWidth}.
     */
    int[] adjust(int width, double bottleneck, int groupWidth) {
        if (this == PYCLS) {
            // pycls blocks.adjust_block_compatibility
            int v = (int) Math.max(1, width * bottleneck);
            int g = Math.min(groupWidth, v);
            int m = bottleneck > 1 ? lcm(g, (int) bottleneck) : g;
            v = Math.max(m, (int) (Math.rint(v / (double) m) * m));
            return new int[] {(int) (v / bottleneck), g};
        }
        // torchvision BlockParams._adjust_widths_groups_compatibilty
        int wBot = (int) (width * bottleneck);
        int g = Math.min(groupWidth, wBot);
        int adjusted = makeDivisible(wBot, g);
        return new int[] {(int) (adjusted / bottleneck), g};
    }

    /** torchvision's {@code _make_divisible(v, divisor)} with {@code min_value = divisor}. */
    static int makeDivisible(double v, int divisor) {
        int newV = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (newV < 0.9 * v) {
            newV += divisor;
        }
        return newV;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
