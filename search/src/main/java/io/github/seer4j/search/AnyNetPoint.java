package io.github.seer4j.search;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.StageSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-stage AnyNet numbers drawn by a search, after the group-width compatibility repair: depths, widths,
 * bottleneck multipliers (1/b) and group widths; every stage has stride 2.
 */
public record AnyNetPoint(List<Integer> depths, List<Integer> widths, List<Double> bottlenecks,
                          List<Integer> groupWidths, double seRatio) implements DesignPoint {
    private static final long serialVersionUID = 1L;

    public AnyNetPoint {
        int n = depths.size();
        if (n == 0 || widths.size() != n || bottlenecks.size() != n || groupWidths.size() != n) {
            throw new IllegalArgumentException("an AnyNet point needs one depth, width, bottleneck and group width"
                    + " per stage, got " + depths.size() + "/" + widths.size() + "/" + bottlenecks.size() + "/"
                    + groupWidths.size());
        }
        depths = List.copyOf(depths);
        widths = List.copyOf(widths);
        bottlenecks = List.copyOf(bottlenecks);
        groupWidths = List.copyOf(groupWidths);
    }

    @Override
    public NetworkSpec toSpec(String name, int classes) {
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < depths.size(); i++) {
            stages.add(new StageSpec(widths.get(i), depths.get(i), 2, groupWidths.get(i), bottlenecks.get(i),
                    seRatio));
        }
        return NetworkSpec.anyNet(name, stages, classes);
    }

    /** Scales every stage width (to a multiple of 8 in [8, 1024]) and repairs the group widths again. */
    @Override
    public AnyNetPoint scaled(double factor) {
        List<Integer> ws = new ArrayList<>();
        List<Integer> gs = new ArrayList<>();
        for (int i = 0; i < widths.size(); i++) {
            int w = (int) Math.min(1024, Math.max(8, Math.rint(widths.get(i) * factor / 8) * 8));
            int[] wg = compatible(w, bottlenecks.get(i), groupWidths.get(i));
            ws.add(wg[0]);
            gs.add(wg[1]);
        }
        return new AnyNetPoint(depths, ws, bottlenecks, gs, seRatio);
    }

    @Override
    public String describe() {
        return "d=" + depths + " w=" + widths + " b=" + bottlenecks.stream().map(b -> (int) Math.rint(1 / b))
                .toList() + " g=" + groupWidths;
    }

    /**
     * pycls's {@code adjust_block_compatibility} for one stage: returns {width, groupWidth} such that the group
     * width divides the inner width {@code round(width * bottleneck)}.
     */
    static int[] compatible(int width, double bottleneck, int groupWidth) {
        int wb = (int) Math.max(1, width * bottleneck);
        int g = Math.min(groupWidth, wb);
        int adjusted = (int) Math.max(g, Math.rint(wb / (double) g) * g);
        return new int[] {(int) (adjusted / bottleneck), g};
    }
}
