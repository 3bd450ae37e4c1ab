package io.github.seer4j.designspace;

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
            // k_j is non-decreasing in j, so blocks form runs of equal k. The run of k ends at the first block j with
            // log(u_j / w0) / log(wm) >= k + 1/2, i.e. j >= (w0 * wm^(k + 1/2) - w0) / wa. When that boundary is not
            // within 1e-6 of a whole number the run's end follows without evaluating any block; near whole numbers
            // pycls's exact per-block expression decides. The result equals evaluating every block.
            double logWm = Math.log(wm);
            int j = 0;
            double k = 0; // k_0 = round(log(w0 / w0) / log(wm)) = 0
            while (j < depth) {
                int width = (int) Math.rint(w0 * Math.pow(wm, k) / quantum) * quantum;
                int end = depth;
                double nextK = k;
                if (wa > 0) {
                    end = runEnd(j, depth, k, w0, wa, logWm);
                    if (end < depth) {
                        nextK = exponentAtRunStart(end, k + 1, w0, wa, logWm);
                    }
                }
                runs.add(width, end - j, (int) k);
                k = nextK;
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

    private static final double NEAR_WHOLE = 1e-6;

    /** Position (in blocks) where the exponent passes k + 1/2. */
    private static double boundary(double k, int w0, double wa, double logWm) {
        return (w0 * Math.exp((k + 0.5) * logWm) - w0) / wa;
    }

    private static boolean nearWhole(double x) {
        return Math.abs(x - Math.rint(x)) < NEAR_WHOLE;
    }

    /** First block after {@code j} whose exponent exceeds {@code k} (or depth). */
    private static int runEnd(int j, int depth, double k, int w0, double wa, double logWm) {
        double pos = boundary(k, w0, wa, logWm);
        if (!nearWhole(pos)) {
            return (int) Math.max(j + 1, Math.min(depth, Math.ceil(pos)));
        }
        int end = (int) Math.max(j + 1, Math.min(depth, Math.ceil(pos)));
        while (end - 1 > j && exponent(end - 1, w0, wa, logWm) != k) {
            end--;
        }
        while (end < depth && exponent(end, w0, wa, logWm) == k) {
            end++;
        }
        return end;
    }

    /** The exponent of block {@code j}, known to be at least {@code atLeast}. */
    private static double exponentAtRunStart(int j, double atLeast, int w0, double wa, double logWm) {
        double k = atLeast;
        while (true) {
            double pos = boundary(k, w0, wa, logWm);
            if (nearWhole(pos)) {
                return exponent(j, w0, wa, logWm);
            }
            if (j < pos) {
                return k;
            }
            k++;
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
