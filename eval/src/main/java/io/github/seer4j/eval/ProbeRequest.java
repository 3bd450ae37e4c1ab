package io.github.seer4j.eval;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What to evaluate: a checkpoint (a trunk file, a run directory holding {@code trunk.bin}, or "random" for a
 * freshly initialised network of {@code model}), with which method, on which fraction of the labels; the epochs and
 * learning rate apply to the methods that train the network (finetune, supervised).
 */
public record ProbeRequest(String checkpoint, String model, String method, double labelsFraction, int epochs,
                           double learningRate, ProbeFeatures features, long seed, Path cacheDir) {
    public static final Set<String> METHODS = Set.of("linear", "knn", "finetune", "supervised");

    public ProbeRequest {
        method = method.toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of linear, knn, finetune, supervised; got '"
                    + method + "'");
        }
        if (!(labelsFraction > 0 && labelsFraction <= 1)) {
            throw new IllegalArgumentException("labels fraction must be in (0, 1], got " + labelsFraction
                    + "; use 0.01, 0.1 or 1.0");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (features == null) {
            throw new IllegalArgumentException("give the probed features, e.g. ProbeFeatures.LAST_STAGE");
        }
        if (checkpoint == null || checkpoint.isBlank()) {
            throw new IllegalArgumentException("give a checkpoint: a run directory, a trunk file, or 'random'");
        }
    }

    public boolean random() {
        return checkpoint.equalsIgnoreCase("random");
    }
}
