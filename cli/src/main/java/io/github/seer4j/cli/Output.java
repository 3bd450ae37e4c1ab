package io.github.seer4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.seer4j.designspace.SpecSummary;
import io.github.seer4j.designspace.Units;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Printing helpers shared by the sub-commands: JSON (stdout, machine-readable) and readable tables. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static void json(PrintStream out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
        }
    }

    /** A readable description of one network. */
    static void table(PrintStream out, SpecSummary s) {
        out.println(s.name());
        if (s.w0() != null) {
            out.printf(Locale.ROOT, "  generator  d=%d w0=%d wa=%s wm=%s groupWidth=%d bottleneck=%s se=%s (%s rounding)%n",
                    s.depth(), s.w0(), s.wa(), s.wm(), s.groupWidth(), s.bottleneck(), s.seRatio(), s.rounding());
        }
        out.printf(Locale.ROOT, "  %-7s %6s %6s %6s %7s %6s %5s%n", "stage", "width", "depth", "gw", "groups", "w_se",
                "stride");
        for (int i = 0; i < s.widths().size(); i++) {
            out.printf(Locale.ROOT, "  %-7d %6d %6d %6d %7d %6d %5d%n", i + 1, s.widths().get(i), s.depths().get(i),
                    s.groupWidths().get(i), s.bottleneckWidths().get(i) / s.groupWidths().get(i),
                    s.seWidths().get(i), s.strides().get(i));
        }
        out.printf(Locale.ROOT, "  at %d px, %d input channels, %s: flops %,d (%s)  params %,d  acts %,d%n",
                s.resolution(), s.inputChannels(), s.classes() > 0 ? s.classes() + " classes" : "no head", s.flops(),
                Units.flops(s.flops()), s.params(), s.acts());
    }

    static void tables(PrintStream out, List<SpecSummary> list) {
        for (SpecSummary s : list) {
            table(out, s);
        }
    }
}
