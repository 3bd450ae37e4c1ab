package io.github.seer4j.search;

import io.github.seer4j.designspace.Complexity;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Complexity-only objectives, counted at the search's resolution and head size: minimise flops, parameters or
 * activations (the RegNet paper's proxy for memory and run time on accelerators). Inside a flop window,
 * "activations" picks the candidate with the fewest activations at that budget.
 */
public enum ComplexityScorer implements CandidateScorer {
    FLOPS("flops", Complexity::flops),
    PARAMS("params", Complexity::params),
    ACTIVATIONS("activations", Complexity::acts);

    private final String cliName;
    private final ToLongFunction<Complexity> measure;

    ComplexityScorer(String cliName, ToLongFunction<Complexity> measure) {
        this.cliName = cliName;
        this.measure = measure;
    }

    @Override
    public String scoreName() {
        return cliName;
    }

    @Override
    public String label() {
        return cliName.substring(0, 1).toUpperCase(Locale.ROOT) + cliName.substring(1);
    }

    @Override
    public double score(Candidate candidate) {
        return measure.applyAsLong(candidate.complexity());
    }
}
