package io.github.seer4j.search;

import java.util.List;
import java.util.Locale;

/** Looks up score functions by name: flops, params, activations, supervised, swav. */
public final class Scorers {
    /** Every score name the command line accepts. */
    public static final List<String> NAMES = List.of("flops", "params", "activations", "supervised", "swav");

    private Scorers() {}

    /**
     * The scorer called {@code name}: the complexity scores (flops, params, activations: microseconds per candidate)
     * or the training proxies, "supervised" ({@code training.epochs()} epochs from scratch on a class-balanced subset,
     * top-1 error) and "swav" (short SwAV pretraining, then a linear probe's top-1 error). The training proxies load
     * their data here; every candidate is seeded by {@code seed} and its index.
     */
    public static CandidateScorer named(String name, TrainingOptions training, long seed) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "flops":
                return ComplexityScorer.FLOPS;
            case "params":
                return ComplexityScorer.PARAMS;
            case "activations":
            case "acts":
                return ComplexityScorer.ACTIVATIONS;
            case "supervised":
                return new SupervisedScorer(training, seed);
            case "swav":
                return new SwavScorer(training, seed);
            default:
                throw new IllegalArgumentException("unknown score '" + name + "'; use one of "
                        + String.join(", ", NAMES));
        }
    }
}
