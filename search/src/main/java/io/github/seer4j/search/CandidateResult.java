package io.github.seer4j.search;

import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.NetworkSpec;

/**
 * One finished candidate as saved in {@code results.jsonl}: which candidate it was, its sampled numbers, its
 * complexity at the search's resolution and head size, and its score (lower is better).
 */
public record CandidateResult(int index, int draw, String space, String name, DesignPoint point, boolean repaired,
                              Complexity complexity, int resolution, int classes, String scoreName, double score,
                              double seconds) {

    /** The network (rebuilt from the sampled numbers). */
    public NetworkSpec spec() {
        return point.toSpec(name, classes);
    }
}
