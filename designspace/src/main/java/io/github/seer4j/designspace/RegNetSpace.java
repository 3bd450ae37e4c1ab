package io.github.seer4j.designspace;

import java.util.random.RandomGenerator;

/**
 * The RegNetX / RegNetY design spaces with pycls's sampler ranges ({@code SAMPLERS.REGNET_SAMPLER}): depth uniform in
 * [12, 28], w0 log-uniform in [8, 256] (multiples of 8), wa log-uniform in [8, 256] (step 0.1), wm log-uniform in
 * [2, 3] (step 0.001), group width power-of-2-or-log-uniform in [8, 128] (multiples of 8), bottleneck 1. A spec
 * belongs to the space only when the generator produced all the stages it could (pycls's
 * {@code check_regnet_constraints}: {@code num_stages == total_stages}). Not thread-safe: use one instance per
 * thread.
 */
public final class RegNetSpace implements DesignSpace {
    public static final int DEPTH_MIN = 12;
    public static final int DEPTH_MAX = 28;
    public static final int W0_MIN = 8;
    public static final int W0_MAX = 256;
    public static final double WA_MIN = 8;
    public static final double WA_MAX = 256;
    public static final double WM_MIN = 2;
    public static final double WM_MAX = 3;
    public static final int GROUP_WIDTH_MIN = 8;
    public static final int GROUP_WIDTH_MAX = 128;

    private final String name;
    private final double seRatio;
    private NetworkSpec lastSampled;
    private boolean lastComplete;

    private RegNetSpace(String name, double seRatio) {
        this.name = name;
        this.seRatio = seRatio;
    }

    public static RegNetSpace x() {
        return new RegNetSpace("RegNetX", 0.0);
    }

    public static RegNetSpace y() {
        return new RegNetSpace("RegNetY", 0.25);
    }

    @Override
    public String name() {
        return name;
    }

    /** Draws generator numbers with pycls's distributions. */
    public RegNetParams sampleParams(RandomGenerator rng) {
        int d = (int) PyclsRandom.uniform(rng, DEPTH_MIN, DEPTH_MAX, 1);
        int w0 = (int) PyclsRandom.logUniform(rng, W0_MIN, W0_MAX, 8);
        double wa = PyclsRandom.logUniform(rng, WA_MIN, WA_MAX, 0.1);
        double wm = PyclsRandom.logUniform(rng, WM_MIN, WM_MAX, 0.001);
        int gw = (int) PyclsRandom.power2OrLogUniform(rng, GROUP_WIDTH_MIN, GROUP_WIDTH_MAX, 8);
        return new RegNetParams(d, w0, wa, wm, gw, 1.0, seRatio, Rounding.PYCLS);
    }

    @Override
    public NetworkSpec sample(RandomGenerator rng) {
        RegNetParams p = sampleParams(rng);
        RegNetParams.Layout layout = p.layout();
        NetworkSpec spec = new NetworkSpec(name, StemSpec.rgb(), p.stages(layout), new HeadSpec(1000), p);
        // remember the completeness of the last draw, so that contains() on it needs no second generation
        lastSampled = spec;
        lastComplete = layout.numStages() == layout.totalStages();
        return spec;
    }

    @Override
    public boolean contains(NetworkSpec spec) {
        RegNetParams p = spec.generator();
        if (p == null || p.seRatio() != seRatio || p.bottleneck() != 1.0) {
            return false;
        }
        boolean inRanges = p.depth() >= DEPTH_MIN && p.depth() <= DEPTH_MAX && p.w0() >= W0_MIN
                && p.w0() <= W0_MAX && p.wa() >= WA_MIN && p.wa() <= WA_MAX && p.wm() >= WM_MIN
                && p.wm() <= WM_MAX && p.groupWidth() >= GROUP_WIDTH_MIN && p.groupWidth() <= GROUP_WIDTH_MAX;
        if (!inRanges) {
            return false;
        }
        if (spec == lastSampled) {
            return lastComplete;
        }
        RegNetParams.Layout layout = p.layout();
        return layout.numStages() == layout.totalStages();
    }

    @Override
    public String toString() {
        return name;
    }
}
