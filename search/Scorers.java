package search;

import java.util.List;
import java.util.Locale;

/** Looks up score functions by name: flops, params, activations, supervised, swav. */
public final class Scorers {
    /** Every score name the command line accepts. */
    public static final List<String> NAMES = List.of("flops", "params", "activations", "supervised", "swav");

    private Scorers() {}

    /**
     * The complexity scorer called {@code name}. The training proxies cannot be built here, because this package
     * may not depend on the network builder: "supervised" (N epochs on Fashion-MNIST, top-1 error) is assembled
     * by the command line from regnet and train ({@code cli.SupervisedScorer}); "swav" (SwAV pretraining + linear
     * probe) has no scorer joining train.SwavPretrainer and train.LinearProbe yet. Both fail here with
     * {@link ScoreUnavailableException}.
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
                        + training.data() + ", top-1 error) needs a network builder, which the search package may"
                        + " not use: build it with the command line's supervised scorer (seer4j search --score"
                        + " supervised)");
            case "swav":
                throw new ScoreUnavailableException("score 'swav' (SwAV pretraining + linear probe per candidate)"
                        + " needs the network builder and the trainer, which the search package may not use: run it"
                        + " with the command line's swav scorer (seer4j search --score swav)");
            default:
                throw new IllegalArgumentException("unknown score '" + name + "'; use one of "
                        + String.join(", ", NAMES));
        }
    }
}
