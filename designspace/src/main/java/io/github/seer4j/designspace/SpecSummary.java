package io.github.seer4j.designspace;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Everything a user asks about a network at a resolution, flat: the generator numbers (null for AnyNet specs),
 * the per-stage shape and the complexity. The CLI prints it as JSON or as a table.
 */
public record SpecSummary(String name, int depth, Integer w0, Double wa, Double wm, Integer groupWidth,
                          double bottleneck, double seRatio, String rounding, List<Integer> widths,
                          List<Integer> depths, List<Integer> groupWidths, List<Integer> bottleneckWidths,
                          List<Integer> seWidths, List<Integer> strides, int inputChannels, int resolution,
                          int classes, long flops, long params, long acts) {

    public SpecSummary {
        widths = ImmutableList.copyOf(widths);
        depths = ImmutableList.copyOf(depths);
        groupWidths = ImmutableList.copyOf(groupWidths);
        bottleneckWidths = ImmutableList.copyOf(bottleneckWidths);
        seWidths = ImmutableList.copyOf(seWidths);
        strides = ImmutableList.copyOf(strides);
    }

    public static SpecSummary of(NetworkSpec spec, int resolution) {
        Complexity c = spec.complexity(resolution);
        RegNetParams p = spec.generator();
        StageSpec first = spec.stages().get(0);
        return new SpecSummary(spec.name(), p != null ? p.depth() : spec.depth(), p != null ? p.w0() : null,
                p != null ? p.wa() : null, p != null ? p.wm() : null, p != null ? p.groupWidth() : null,
                p != null ? p.bottleneck() : first.bottleneck(), p != null ? p.seRatio() : first.seRatio(),
                p != null ? p.rounding().name().toLowerCase(java.util.Locale.ROOT) : null, spec.widths(),
                spec.depths(), spec.groupWidths(), spec.bottleneckWidths(), spec.seWidths(), spec.strides(),
                spec.stem().inChannels(), resolution, spec.head().numClasses(), c.flops(), c.params(), c.acts());
    }
}
