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
     * Quantized stages of the generator: per-block widths {@code u_j = w0 + wa*j},
     * {@code k_j = round(log(u_j/w0)/log(wm))}, {@code w_j = round(w0 * wm^k_j / q) * q}, grouped into runs of
     * equal width; {@code totalStages = max k + 1}.
     */
    RegNetParams.Layout layout(int depth, int w0, double wa, double wm, int quantum) {
        StageRuns runs = new StageRuns(depth);
        if (this == PYCLS) {
            // k_j is non-decreasing in j, so the blocks form runs of equal k. Each run's end is estimated in closed
            // form and then confirmed with pycls's exact expression, which keeps the result identical to
            // evaluating every block while taking about two logarithms per stage instead of one per block.
            double logWm = Math.log(wm);
            int j = 0;
            double k = 0; // k_0 = round(log(w0 / w0) / log(wm)) = 0
            while (j < depth) {
                int width = (int) Math.rint(w0 * Math.pow(wm, k) / quantum) * quantum;
                int end = depth;
                if (wa > 0) {
                    double threshold = w0 * Math.exp((k + 0.5) * logWm);
                    double estimate = Math.ceil((threshold - w0) / wa);
                    end = (int) Math.max(j + 1, Math.min(depth, estimate));
                    while (end - 1 > j && exponent(end - 1, w0, wa, logWm) != k) {
                        end--;
                    }
                    while (end < depth && exponent(end, w0, wa, logWm) == k) {
                        end++;
                    }
                }
                runs.add(width, end - j, (int) k);
                if (end < depth) {
                    k = exponent(end, w0, wa, logWm);
                }
                j = end;
            }
        } else {
            // torchvision computes in float32, block by block
            float fwa = (float) wa;
            float fw0 = (float) w0;
            float logWm = (float) Math.log(wm);
            float fwm = (float) wm;
            for (int j = 0; j < depth; j++) {
                float cont = j * fwa + fw0;
                float k = (float) Math.rint((float) Math.log(cont / fw0) / logWm);
                float w = fw0 * (float) Math.pow(fwm, k);
                runs.add((int) Math.rint(w / quantum) * quantum, 1, (int) k);
            }
        }
        return runs.toLayout();
    }

    /** Accumulates blocks into stages (runs of equal width) and tracks the largest exponent k. */
    private static final class StageRuns {
        private final int[] widths;
        private final int[] depths;
        private int count;
        private int maxK;

        StageRuns(int depth) {
            widths = new int[depth];
            depths = new int[depth];
        }

        void add(int width, int blocks, int k) {
            if (count > 0 && widths[count - 1] == width) {
                depths[count - 1] += blocks;
            } else {
                widths[count] = width;
                depths[count] = blocks;
                count++;
            }
            maxK = Math.max(maxK, k);
        }

        RegNetParams.Layout toLayout() {
            return new RegNetParams.Layout(java.util.Arrays.copyOf(widths, count),
                    java.util.Arrays.copyOf(depths, count), maxK + 1);
        }
    }

    /** pycls's {@code np.round(np.log(ws_cont / w_0) / np.log(w_m))} for block {@code j}. */
    private static double exponent(int j, int w0, double wa, double logWm) {
        double cont = j * wa + w0;
        return Math.rint(Math.log(cont / w0) / logWm);
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
