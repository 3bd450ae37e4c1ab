package io.github.seer4j.search;

import io.github.seer4j.designspace.NetworkSpec;
import java.io.Serializable;

/** One candidate drawn from a design space: the sampled numbers, turned into a spec on demand. Serializable (Arbiter). */
public sealed interface DesignPoint extends Serializable permits RegNetPoint, AnyNetPoint {

    /** The network these numbers describe, with a {@code classes}-way head. */
    NetworkSpec toSpec(String name, int classes);

    /** A short human-readable description for progress lines, e.g. "d=16 w0=48 wa=27.9 wm=2.09 g=8". */
    String describe();

    /**
     * The same design with every width scaled by {@code factor} (re-quantized to multiples of 8 and clamped to the
     * space's width range), used to repair a candidate that misses a complexity window.
     */
    DesignPoint scaled(double factor);
}
