package io.github.seer4j.designspace;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.github.seer4j.designspace.Check.checkDesign;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * The one description of a network that every other package interprets: stem, stages, head, and (when it came
 * from a RegNet generator) the generator parameters. Immutable.
 *
 * @param name      a display name, e.g. "RegNetY-400MF" or "custom"
 * @param generator the RegNet parameters this spec was generated from, or {@code null} for AnyNet specs
 */
public record NetworkSpec(String name, StemSpec stem, List<StageSpec> stages, HeadSpec head,
                          RegNetParams generator) {

    public NetworkSpec {
        checkDesign(name != null && !name.isBlank(), "name must not be blank");
        checkDesign(stem != null && head != null && stages != null, "stem, stages and head are required");
        checkDesign(!stages.isEmpty(), "a network needs at least one stage, got 0");
        stages = ImmutableList.copyOf(stages);
    }

    public static NetworkSpec anyNet(String name, List<StageSpec> stages, int numClasses) {
        return new NetworkSpec(name, StemSpec.rgb(), stages, new HeadSpec(numClasses), null);
    }

    public Optional<RegNetParams> regNetParams() {
        return Optional.ofNullable(generator);
    }

    public List<Integer> widths() {
        return stages.stream().map(StageSpec::width).collect(toImmutableList());
    }

    public List<Integer> depths() {
        return stages.stream().map(StageSpec::depth).collect(toImmutableList());
    }

    public List<Integer> strides() {
        return stages.stream().map(StageSpec::stride).collect(toImmutableList());
    }

    public List<Integer> groupWidths() {
        return stages.stream().map(StageSpec::groupWidth).collect(toImmutableList());
    }

    public List<Integer> groups() {
        return stages.stream().map(StageSpec::groups).collect(toImmutableList());
    }

    public List<Integer> bottleneckWidths() {
        return stages.stream().map(StageSpec::bottleneckWidth).collect(toImmutableList());
    }

    /** SE width of the first block of each stage (its input is the previous stage's width, or the stem's). */
    public List<Integer> seWidths() {
        ImmutableList.Builder<Integer> out = ImmutableList.builder();
        int in = stem.width();
        for (StageSpec s : stages) {
            out.add(s.seWidth(in));
            in = s.width();
        }
        return out.build();
    }

    /** Total number of blocks. */
    public int depth() {
        return stages.stream().mapToInt(StageSpec::depth).sum();
    }

    /** Channels of the trunk's output (the last stage's width). */
    public int outputWidth() {
        return stages.get(stages.size() - 1).width();
    }

    /** True when every block has Squeeze-Excitation (a RegNetY-style network). */
    public boolean squeezeExcitation() {
        return stages.stream().allMatch(s -> s.seRatio() > 0);
    }

    /** Every block, in order, with its input width resolved. */
    public List<BlockSpec> blocks() {
        ImmutableList.Builder<BlockSpec> out = ImmutableList.builder();
        int in = stem.width();
        for (int si = 0; si < stages.size(); si++) {
            StageSpec s = stages.get(si);
            for (int i = 0; i < s.depth(); i++) {
                out.add(new BlockSpec(si, i, in, s.width(), i == 0 ? s.stride() : 1, s.bottleneckWidth(),
                        s.groupWidth(), s.seWidth(in)));
                in = s.width();
            }
        }
        return out.build();
    }

    public Complexity complexity(int resolution) {
        return Complexity.of(this, resolution);
    }

    public NetworkSpec withName(String newName) {
        return new NetworkSpec(newName, stem, stages, head, generator);
    }

    public NetworkSpec withInputChannels(int channels) {
        return new NetworkSpec(name, new StemSpec(channels, stem.width()), stages, head, generator);
    }

    public NetworkSpec withClasses(int numClasses) {
        return new NetworkSpec(name, stem, stages, new HeadSpec(numClasses), generator);
    }

    public NetworkSpec withoutHead() {
        return withClasses(0);
    }
}
