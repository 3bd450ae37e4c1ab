package io.github.seer4j.designspace;

import static io.github.seer4j.designspace.Check.checkDesign;

/**
 * The fluent door to RegNets.
 *
 * <pre>{@code
 * NetworkSpec y400 = RegNet.named("RegNetY-400MF");
 * NetworkSpec mine = RegNet.y().depth(16).w0(48).wa(27.89).wm(2.09).groupWidth(8).build();
 * NetworkSpec fit  = RegNet.y().flops(1.7e9).build();      // a good RegNetY within 2% of 1.7 GF
 * }</pre>
 *
 * <p>Every step returns a new immutable builder; {@link Builder#build()} validates each number with a message
 * naming the parameter, its value and the valid range.
 */
public final class RegNet {
    private RegNet() {}

    /** A RegNetY builder: Squeeze-Excitation ratio 0.25, bottleneck 1, pycls rounding, 1000 classes. */
    public static Builder y() {
        return new Builder().se(0.25);
    }

    /** A RegNetX builder: no Squeeze-Excitation, bottleneck 1, pycls rounding, 1000 classes. */
    public static Builder x() {
        return new Builder().se(0.0);
    }

    /** A named preset (see {@link Presets}) with a 1000-class head. */
    public static NetworkSpec named(String name) {
        return Presets.get(name).spec();
    }

    /** Immutable builder; unset generator numbers are required unless a FLOP budget is given. */
    public static final class Builder {
        private Integer depth;
        private Integer w0;
        private Double wa;
        private Double wm;
        private Integer groupWidth;
        private double bottleneck = 1.0;
        private double seRatio;
        private Rounding rounding = Rounding.PYCLS;
        private int classes = 1000;
        private int inputChannels = 3;
        private int resolution = 224;
        private Double flops;
        private String name;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.depth = depth;
            b.w0 = w0;
            b.wa = wa;
            b.wm = wm;
            b.groupWidth = groupWidth;
            b.bottleneck = bottleneck;
            b.seRatio = seRatio;
            b.rounding = rounding;
            b.classes = classes;
            b.inputChannels = inputChannels;
            b.resolution = resolution;
            b.flops = flops;
            b.name = name;
            return b;
        }

        public Builder depth(int d) {
            Builder b = copy();
            b.depth = d;
            return b;
        }

        public Builder w0(int v) {
            Builder b = copy();
            b.w0 = v;
            return b;
        }

        public Builder wa(double v) {
            Builder b = copy();
            b.wa = v;
            return b;
        }

        public Builder wm(double v) {
            Builder b = copy();
            b.wm = v;
            return b;
        }

        public Builder groupWidth(int v) {
            Builder b = copy();
            b.groupWidth = v;
            return b;
        }

        public Builder bottleneck(double v) {
            Builder b = copy();
            b.bottleneck = v;
            return b;
        }

        public Builder se(double ratio) {
            Builder b = copy();
            b.seRatio = ratio;
            return b;
        }

        public Builder rounding(Rounding r) {
            Builder b = copy();
            b.rounding = r;
            return b;
        }

        /** Number of classes of the head; 0 for no head. */
        public Builder classes(int n) {
            Builder b = copy();
            b.classes = n;
            return b;
        }

        public Builder inputChannels(int c) {
            Builder b = copy();
            b.inputChannels = c;
            return b;
        }

        /** Input resolution at which a FLOP budget is measured (default 224). */
        public Builder resolution(int r) {
            Builder b = copy();
            b.resolution = r;
            return b;
        }

        /**
         * Target forward flops (multiply-adds) at {@link #resolution}: {@link #build()} then searches the
         * generator numbers that are not set, preferring the regions the RegNet paper found good.
         */
        public Builder flops(double budget) {
            Builder b = copy();
            b.flops = budget;
            return b;
        }

        public Builder name(String n) {
            Builder b = copy();
            b.name = n;
            return b;
        }

        /** The generator parameters (requires depth, w0, wa, wm and groupWidth to be set). */
        public RegNetParams params() {
            return new RegNetParams(require("depth", depth), require("w0", w0), require("wa", wa),
                    require("wm", wm), require("groupWidth", groupWidth), bottleneck, seRatio, rounding);
        }

        public NetworkSpec build() {
            Check.intIn("resolution", resolution, 8, 1 << 16);
            RegNetParams p;
            if (flops != null) {
                p = new FlopBudgetFit(resolution, classes, inputChannels)
                        .fit(flops, depth, wm, groupWidth, bottleneck, seRatio, rounding);
            } else {
                p = params();
            }
            String n = name != null ? name : FlopBudgetFit.label(p, resolution);
            return p.generate(n, classes).withInputChannels(inputChannels);
        }

        private static <T> T require(String param, T value) {
            checkDesign(value != null,
                    "%s is not set; give %s (or a FLOP budget with flops(...) to fit the unset numbers)", param, param);
            return value;
        }
    }
}
