package io.github.seer4j.designspace;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A design space: a distribution over networks that can be sampled, and a membership test. Constraints (complexity
 * windows, stage counts) are applied by {@link ConstrainedSampler}, the one place where rejection sampling lives.
 */
public interface DesignSpace {

    /** E.g. "RegNetY", "AnyNetXA". */
    String name();

    /** One unconstrained draw. */
    NetworkSpec sample(RandomGenerator rng);

    /** True when {@code spec} could have been drawn from this space. */
    boolean contains(NetworkSpec spec);

    /** Every built-in space: RegNetX, RegNetY, AnyNetXA .. AnyNetXE. */
    static List<DesignSpace> all() {
        return List.of(RegNetSpace.x(), RegNetSpace.y(), new AnyNetSpace(AnyNetSpace.Variant.A),
                new AnyNetSpace(AnyNetSpace.Variant.B), new AnyNetSpace(AnyNetSpace.Variant.C),
                new AnyNetSpace(AnyNetSpace.Variant.D), new AnyNetSpace(AnyNetSpace.Variant.E));
    }

    /** The built-in space called {@code name} (case-insensitive; "AnyNetX_A" and "AnyNetXA" both work). */
    static DesignSpace named(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (DesignSpace s : all()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(key)) {
                return s;
            }
        }
        throw new InvalidDesignException("unknown design space '" + name + "'; valid: "
                + String.join(", ", all().stream().map(DesignSpace::name).toList()));
    }
}
