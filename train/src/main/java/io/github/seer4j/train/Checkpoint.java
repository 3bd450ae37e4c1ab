package io.github.seer4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything needed to continue training: epoch and iteration, the RNG seed (all randomness is derived from it and
 * the position), the recorded run configuration (what shaped the state, checked by {@link ResumeCheck} before a resume
 * touches native memory; empty in files written before it was recorded) and named tensors grouped by prefix
 * ("param/", "opt/", "queue/", "state/", "net/").
 */
public record Checkpoint(int epoch, long iteration, long seed, Map<String, String> config,
        Map<String, INDArray> tensors) {

    public Checkpoint {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** A checkpoint without a recorded configuration. */
    public Checkpoint(int epoch, long iteration, long seed, Map<String, INDArray> tensors) {
        this(epoch, iteration, seed, Map.of(), tensors);
    }

    /** The tensors whose names start with {@code prefix}, with the prefix removed. */
    public Map<String, INDArray> group(String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
