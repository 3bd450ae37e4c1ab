package io.github.seer4j.catalog;

import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import java.util.List;
import java.util.Locale;

/** A markdown table of specs: generator numbers, per-stage widths and depths, and complexity at a resolution. */
public final class MarkdownTable {
    /** Footnote printed when a 128GF or 256GF RegNetY is in the table. */
    public static final String WIDTHS_NOTE = "The widths (528, 1056, 2904, 7392) and depths (2, 7, 17, 1) often quoted"
            + " for \"RegNetY-256GF\" are those of the 128GF generator (d=27, w0=456, wa=160.83, wm=2.52, g=264);"
            + " VISSL's SEER-256GF is (27, 640, 230.83, 2.53, 373), whose last stage is 10444 wide.";

    private MarkdownTable() {}

    public static String write(List<NetworkSpec> specs, int resolution) {
        StringBuilder b = new StringBuilder();
        b.append("| model | d | w0 | wa | wm | group w | bot mul | SE | widths | depths | GF | M params | M acts |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|\n");
        boolean note = false;
        for (NetworkSpec s : specs) {
            Complexity c = s.complexity(resolution);
            RegNetParams p = s.generator();
            b.append("| ").append(s.name()).append(" | ");
            if (p != null) {
                b.append(p.depth()).append(" | ").append(p.w0()).append(" | ").append(Numbers.decimal(p.wa()))
                        .append(" | ").append(Numbers.decimal(p.wm())).append(" | ").append(p.groupWidth())
                        .append(" | ").append(Numbers.decimal(p.bottleneck())).append(" | ")
                        .append(Numbers.decimal(p.seRatio()));
            } else {
                b.append(s.depth()).append(" | - | - | - | ").append(joined(s.groupWidths())).append(" | ")
                        .append(joined(s.stages().stream().map(st -> Numbers.decimal(st.bottleneck())).toList()))
                        .append(" | ").append(Numbers.decimal(s.stages().get(0).seRatio()));
            }
            b.append(" | ").append(joined(s.widths())).append(" | ").append(joined(s.depths())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f | %.2f | %.2f |", c.flops() / 1e9, c.params() / 1e6,
                            c.acts() / 1e6)).append('\n');
            String n = s.name().toUpperCase(Locale.ROOT);
            note |= n.contains("256GF") || n.contains("128GF");
        }
        b.append('\n').append(String.format(Locale.ROOT,
                "Complexity at %d px, pycls counting (one multiply-add = one flop). AnyNet rows: d is the total"
                        + " number of blocks; group width and bottleneck multiplier per stage.%n", resolution)
                .replace(System.lineSeparator(), "\n"));
        if (note) {
            b.append('\n').append("Note: ").append(WIDTHS_NOTE).append('\n');
        }
        return b.toString();
    }

    private static String joined(List<?> xs) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < xs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(xs.get(i));
        }
        return b.append(')').toString();
    }
}
