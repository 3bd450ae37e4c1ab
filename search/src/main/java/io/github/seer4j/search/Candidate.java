package io.github.seer4j.search;

import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.NetworkSpec;

/**
 * An accepted candidate: its ordinal among accepted candidates ({@code index}, stable for a given space, window,
 * generator and seed), the Arbiter draw it came from, the sampled numbers, the spec, its complexity, and whether its
 * widths were scaled to fit the flop window.
 */
public record Candidate(int index, int draw, DesignPoint point, NetworkSpec spec, Complexity complexity,
                        boolean repaired) {}
