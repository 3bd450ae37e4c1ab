package io.github.seer4j.designspace;

import static io.github.seer4j.designspace.Check.checkDesign;
import static io.github.seer4j.designspace.Check.invalid;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The RegNet generator: depth {@code d}, initial width {@code w0}, slope {@code wa}, width multiplier {@code wm},
 * group width, bottleneck multiplier and SE ratio (0 for RegNetX), plus the rounding rule. {@link #generate} turns
 * them into a {@link NetworkSpec} exactly as pycls's {@code generate_regnet} + {@code adjust_block_compatibility}
 * (or torchvision's {@code BlockParams.from_init_params}) do.
 */
public record RegNetParams(int depth, int w0, double wa, double wm, int groupWidth, double bottleneck,
                           double seRatio, Rounding rounding) {

    /** Channel quantum q of the generator. */
    public static final int QUANTUM = 8;
    public static final int MAX_DEPTH = 1000;
    public static final int MAX_W0 = 65536;
    public static final double MAX_WA = 65536;
    public static final double MAX_WM = 16;
    public static final int MAX_GROUP_WIDTH = 65536;

    public RegNetParams {
        Check.intIn("depth", depth, 1, MAX_DEPTH);
        if (w0 <= 0 || w0 % QUANTUM != 0 || w0 > MAX_W0) {
            throw invalid("w0 must be a positive multiple of %s in [8, %s], got %s", QUANTUM, MAX_W0, w0);
        }
        Check.doubleIn("wa", wa, 0, MAX_WA, false);
        Check.doubleIn("wm", wm, 1, MAX_WM, true);
        Check.intIn("groupWidth", groupWidth, 1, MAX_GROUP_WIDTH);
        Check.doubleIn("bottleneck", bottleneck, 0, 64, true);
        if (bottleneck > 1 && bottleneck != Math.rint(bottleneck)) {
            throw invalid("bottleneck multipliers above 1 must be whole numbers (pycls), got %s", bottleneck);
        }
        Check.doubleIn("seRatio", seRatio, 0, 1, false);
        checkDesign(rounding != null, "rounding must be pycls or torchvision, got null");
    }

    /** A RegNetY (SE ratio 0.25, bottleneck 1) with pycls rounding. */
    public static RegNetParams y(int depth, int w0, double wa, double wm, int groupWidth) {
        return new RegNetParams(depth, w0, wa, wm, groupWidth, 1.0, 0.25, Rounding.PYCLS);
    }

    /** A RegNetX (no SE, bottleneck 1) with pycls rounding. */
    public static RegNetParams x(int depth, int w0, double wa, double wm, int groupWidth) {
        return new RegNetParams(depth, w0, wa, wm, groupWidth, 1.0, 0.0, Rounding.PYCLS);
    }

    public RegNetParams withRounding(Rounding r) {
        return new RegNetParams(depth, w0, wa, wm, groupWidth, bottleneck, seRatio, r);
    }

    /** The quantized per-stage layout before the compatibility adjustment. */
    public Layout layout() {
        return rounding.layout(depth, w0, wa, wm, QUANTUM);
    }

    /** Generates the network: stem 3->32, these stages (stride 2 each), a {@code numClasses}-way head. */
    public NetworkSpec generate(String name, int numClasses) {
        return new NetworkSpec(name, StemSpec.rgb(), stages(), new HeadSpec(numClasses), this);
    }

    /** Generates with a 1000-class head, named after the parameters. */
    public NetworkSpec generate() {
        return generate(seRatio > 0 ? "RegNetY-custom" : "RegNetX-custom", 1000);
    }

    /** The stages after quantization and the width/group compatibility adjustment. */
    public List<StageSpec> stages() {
        return stages(layout());
    }

    /** The stages of an already computed {@link #layout()}. */
    List<StageSpec> stages(Layout layout) {
        StageSpec[] out = new StageSpec[layout.widths().length];
        for (int i = 0; i < out.length; i++) {
            int[] wg = rounding.adjust(layout.widths()[i], bottleneck, groupWidth);
            out[i] = new StageSpec(wg[0], layout.depths()[i], 2, wg[1], bottleneck, seRatio);
        }
        return ImmutableList.copyOf(out);
    }

    /**
     * Quantized widths and depths per stage, and {@code totalStages = max k + 1}: the number of stages the
     * generator could have produced (pycls's sampler keeps a spec only when the two agree).
     */
    public record Layout(int[] widths, int[] depths, int totalStages) {
        public int numStages() {
            return widths.length;
        }
    }
}
