package io.github.seer4j.search;

/**
 * Scores a candidate; lower is better (an error, or a cost to minimise). Implementations: complexity objectives
 * ({@link ComplexityScorer}, milliseconds per candidate) and training proxies (supervised short training, SwAV +
 * linear probe) that plug in when the training engine provides them.
 */
public interface CandidateScorer {

    /** Name written to the results, e.g. "activations" or "supervised". */
    String scoreName();

    /** What the score measures, for plot axes, e.g. "activations at 224 px" or "top-1 error". */
    String label();

    /** The score of {@code candidate} (lower is better). May take long for training proxies. */
    double score(Candidate candidate);
}
