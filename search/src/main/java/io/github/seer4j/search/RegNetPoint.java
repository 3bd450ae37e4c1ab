package io.github.seer4j.search;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import java.util.Locale;

/** RegNet generator numbers drawn by a search (pycls rounding). */
public record RegNetPoint(int depth, int w0, double wa, double wm, int groupWidth, double bottleneck, double seRatio)
        implements DesignPoint {
    private static final long serialVersionUID = 1L;

    public RegNetParams params() {
        return new RegNetParams(depth, w0, wa, wm, groupWidth, bottleneck, seRatio, Rounding.PYCLS);
    }

    @Override
    public NetworkSpec toSpec(String name, int classes) {
        return params().generate(name, classes);
    }

    /** Scales w0 and wa (w0 to a multiple of 8 in [8, 256], wa to one decimal in [8, 256]). */
    @Override
    public RegNetPoint scaled(double factor) {
        int w = (int) Math.min(256, Math.max(8, Math.rint(w0 * factor / 8) * 8));
        double a = Math.min(256, Math.max(8, Math.rint(wa * factor * 10) / 10));
        return new RegNetPoint(depth, w, a, wm, groupWidth, bottleneck, seRatio);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "d=%d w0=%d wa=%s wm=%s g=%d", depth, w0, wa, wm, groupWidth);
    }
}
