package io.github.seer4j.catalog;

import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;

/**
 * The VISSL trunk config ({@code MODEL.TRUNK.NAME: regnet}, {@code TRUNK_PARAMS.REGNET}) of a RegNet. VISSL builds
 * RegNets from generator numbers with pycls rounding, so a spec qualifies only when that rounding reproduces its
 * stages.
 */
public final class VisslConfig {
    private VisslConfig() {}

    public static String write(NetworkSpec spec) {
        RegNetParams p = spec.regNetParams().orElseThrow(() -> new InvalidDesignException("VISSL describes RegNets by"
                + " their generator numbers, but " + spec.name() + " has none (an AnyNet spec); export yaml-pycls or"
                + " json instead"));
        if (!p.withRounding(Rounding.PYCLS).stages().equals(spec.stages())) {
            throw new InvalidDesignException("VISSL rounds the generator numbers of " + spec.name() + " the pycls way,"
                    + " which gives other stages than this spec's (" + p.rounding().name().toLowerCase() + " rounding);"
                    + " export yaml-pycls (explicit stages) or json instead");
        }
        if (spec.stem().inChannels() != 3) {
            throw new InvalidDesignException("VISSL's RegNet stem reads 3 channels, but " + spec.name() + " has "
                    + spec.stem().inChannels() + "; export json instead");
        }
        boolean se = p.seRatio() > 0;
        StringBuilder b = new StringBuilder();
        b.append("# ").append(spec.name()).append(" (classification head: ").append(spec.head().numClasses())
                .append(" classes, configured under MODEL.HEAD)\n");
        b.append("MODEL:\n");
        b.append("  TRUNK:\n");
        b.append("    NAME: regnet\n");
        b.append("    TRUNK_PARAMS:\n");
        b.append("      REGNET:\n");
        String in = "        ";
        b.append(in).append("depth: ").append(p.depth()).append('\n');
        b.append(in).append("w_0: ").append(p.w0()).append('\n');
        b.append(in).append("w_a: ").append(Numbers.decimal(p.wa())).append('\n');
        b.append(in).append("w_m: ").append(Numbers.decimal(p.wm())).append('\n');
        b.append(in).append("group_width: ").append(p.groupWidth()).append('\n');
        b.append(in).append("bottleneck_multiplier: ").append(Numbers.decimal(p.bottleneck())).append('\n');
        b.append(in).append("stem_width: ").append(spec.stem().width()).append('\n');
        b.append(in).append("use_se: ").append(se ? "True" : "False").append('\n');
        if (se) {
            b.append(in).append("se_ratio: ").append(Numbers.decimal(p.seRatio())).append('\n');
        }
        return b.toString();
    }
}
