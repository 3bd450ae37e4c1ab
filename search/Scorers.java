package search;

import java.util.List;
import java.util.Locale;

/** Looks up score functions by name: flops, params, activations, supervised, swav. */
public final class Scorers {
    /** Every score name the command line accepts. */
    public static final List<String> NAMES = List.of("flops", "params", "activations", "supervised", "swav");

    private Scorers() {}

    /**
     * The scorer called {@code name}. The training proxies ("supervised": N epochs on a labelled data set, top-1
     * error; "swav": SwAV pretraining + linear probe) need the training engine, which is not part of this build:
     * asking for them fails with {@link ScoreUnavailableException} before any candidate is drawn.
     */
    public static CandidateScorer named(String name, TrainingOptions training) {
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
                throw new ScoreUnavailableException("score 'supervised' (" + training.epochs() + " epoch(s) of "
                        + training.data() + ", top-1 error) is not available in this build yet: it needs the"
                        + " supervised trainer of the train package, which has not landed; use --score"
                        + " activations, params or flops meanwhile");
            case "swav":
                throw new ScoreUnavailableException("score 'swav' (SwAV pretraining + linear probe) is not available"
                        + " in this build yet: it needs the SwAV trainer (swav package) and the linear probe (train"
                        + " package), which have not landed; use --score activations, params or flops meanwhile");
            default:
                throw new IllegalArgumentException("unknown score '" + name + "'; use one of "
                        + String.join(", ", NAMES));
        }
    }
}
