package io.github.seer4j.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The numeric parameters of a finished candidate that analyses can study (e.g. for the best-range bootstrap). */
public final class DesignParameters {
    /** Names available for every result; RegNet results add w0, wa, wm and groupWidth. */
    public static final List<String> COMMON = List.of("depth", "stages", "lastWidth", "flops", "params", "acts");

    private DesignParameters() {}

    /** Name to value, in a stable order. */
    public static Map<String, Double> of(CandidateResult r) {
        Map<String, Double> m = new LinkedHashMap<>();
        var spec = r.spec();
        m.put("depth", (double) spec.depth());
        m.put("stages", (double) spec.stages().size());
        m.put("lastWidth", (double) spec.outputWidth());
        m.put("flops", (double) r.complexity().flops());
        m.put("params", (double) r.complexity().params());
        m.put("acts", (double) r.complexity().acts());
        if (r.point() instanceof RegNetPoint p) {
            m.put("w0", (double) p.w0());
            m.put("wa", p.wa());
            m.put("wm", p.wm());
            m.put("groupWidth", (double) p.groupWidth());
        }
        return m;
    }

    /** The value of {@code name} for every result, or an error listing the names that exist. */
    public static double[] values(List<CandidateResult> results, String name) {
        double[] out = new double[results.size()];
        for (int i = 0; i < out.length; i++) {
            Map<String, Double> m = of(results.get(i));
            Double v = m.get(name);
            if (v == null) {
                throw new IllegalArgumentException("parameter '" + name + "' is not defined for " + results.get(i)
                        .space() + " results; available: " + String.join(", ", m.keySet()));
            }
            out[i] = v;
        }
        return out;
    }
}
