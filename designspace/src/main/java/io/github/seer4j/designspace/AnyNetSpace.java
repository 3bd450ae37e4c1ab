package io.github.seer4j.designspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The AnyNetX design spaces of the RegNet paper (Radosavovic et al. 2020, section 3): four stages of X blocks, each
 * with depth in [1, 16], width in [8, 1024] (multiples of 8), bottleneck ratio b in {1, 2, 4} (inner width w/b),
 * group width g in {1, 2, ..., 32}. Each variant adds a constraint to the previous one: A free; B shared b; C shared
 * b and g; D non-decreasing widths; E non-decreasing depths. Widths are made compatible with the group width as
 * pycls does.
 */
public final class AnyNetSpace implements DesignSpace {

    /** A..E, each adding one constraint. */
    public enum Variant { A, B, C, D, E }

    public static final int STAGES = 4;
    public static final int DEPTH_MAX = 16;
    public static final int WIDTH_MAX = 1024;
    private static final int[] RATIOS = {1, 2, 4};
    private static final int[] GROUP_WIDTHS = {1, 2, 4, 8, 16, 32};

    private final Variant variant;

    public AnyNetSpace(Variant variant) {
        this.variant = variant;
    }

    public Variant variant() {
        return variant;
    }

    @Override
    public String name() {
        return "AnyNetX" + variant.name();
    }

    @Override
    public NetworkSpec sample(RandomGenerator rng) {
        int[] d = new int[STAGES];
        int[] w = new int[STAGES];
        int[] b = new int[STAGES];
        int[] g = new int[STAGES];
        boolean sharedB = variant.compareTo(Variant.B) >= 0;
        boolean sharedG = variant.compareTo(Variant.C) >= 0;
        int b0 = RATIOS[rng.nextInt(RATIOS.length)];
        int g0 = GROUP_WIDTHS[rng.nextInt(GROUP_WIDTHS.length)];
        for (int i = 0; i < STAGES; i++) {
            d[i] = 1 + rng.nextInt(DEPTH_MAX);
            w[i] = 8 * (1 + rng.nextInt(WIDTH_MAX / 8));
            b[i] = sharedB ? b0 : RATIOS[rng.nextInt(RATIOS.length)];
            g[i] = sharedG ? g0 : GROUP_WIDTHS[rng.nextInt(GROUP_WIDTHS.length)];
        }
        // sorting i.i.d. draws samples them conditioned on the order (the constraint of D and E)
        if (variant.compareTo(Variant.D) >= 0) {
            Arrays.sort(w);
        }
        if (variant.compareTo(Variant.E) >= 0) {
            Arrays.sort(d);
        }
        List<StageSpec> stages = new ArrayList<>(STAGES);
        for (int i = 0; i < STAGES; i++) {
            double mul = 1.0 / b[i];
            int[] wg = Rounding.PYCLS.adjust(w[i], mul, g[i]);
            stages.add(new StageSpec(wg[0], d[i], 2, wg[1], mul, 0.0));
        }
        return NetworkSpec.anyNet(name(), stages, 1000);
    }

    @Override
    public boolean contains(NetworkSpec spec) {
        List<StageSpec> s = spec.stages();
        if (s.size() != STAGES) {
            return false;
        }
        for (int i = 0; i < STAGES; i++) {
            StageSpec st = s.get(i);
            double ratio = 1.0 / st.bottleneck();
            boolean ok = st.depth() <= DEPTH_MAX && st.width() <= WIDTH_MAX && st.width() % 8 == 0
                    && st.stride() == 2 && st.seRatio() == 0 && (ratio == 1 || ratio == 2 || ratio == 4)
                    && ((Integer.bitCount(st.groupWidth()) == 1 && st.groupWidth() <= 32)
                            || st.groupWidth() == st.bottleneckWidth()); // capped at the inner width
            if (!ok) {
                return false;
            }
            if (i > 0) {
                StageSpec prev = s.get(i - 1);
                if (variant.compareTo(Variant.B) >= 0 && st.bottleneck() != prev.bottleneck()) {
                    return false;
                }
                boolean capped = st.groupWidth() == st.bottleneckWidth() || prev.groupWidth() == prev.bottleneckWidth();
                if (variant.compareTo(Variant.C) >= 0 && st.groupWidth() != prev.groupWidth() && !capped) {
                    return false;
                }
                if (variant.compareTo(Variant.D) >= 0 && st.width() < prev.width()) {
                    return false;
                }
                if (variant.compareTo(Variant.E) >= 0 && st.depth() < prev.depth()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
