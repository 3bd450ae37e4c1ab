package io.github.seer4j.searchspark;

import io.github.seer4j.search.CandidateScorer;
import io.github.seer4j.search.Scorers;
import io.github.seer4j.search.SearchConfig;

/**
 * Makes the scorer a Spark task (or the worker JVM it starts) scores with. Implementations need a public no-argument
 * constructor: the class travels by name. The default, {@link Named}, is what the local search uses.
 */
public interface ScorerFactory {

    CandidateScorer create(SearchConfig config);

    /** {@code Scorers.named(score, training, seed)}: the same scorer as {@code seer4j search} without Spark. */
    final class Named implements ScorerFactory {
        @Override
        public CandidateScorer create(SearchConfig config) {
            return Scorers.named(config.score(), config.training(), config.seed());
        }
    }
}
