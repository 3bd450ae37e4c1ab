package io.github.seer4j.search;

import io.github.seer4j.designspace.Constraints;

/**
 * What defines a search's candidates and scores, saved as {@code search.json} next to the results: a resumed search
 * must use the same configuration (the candidate count and wall-time limit may change).
 */
public record SearchConfig(String space, GeneratorKind generator, long seed, int gridPoints, boolean repair,
                           String score, Constraints constraints, TrainingOptions training) {

    public SearchConfig {
        space = DesignParameterSpace.of(space).name();
        if (generator == null || constraints == null || training == null || score == null) {
            throw new IllegalArgumentException("generator, score, constraints and training options are required");
        }
    }
}
