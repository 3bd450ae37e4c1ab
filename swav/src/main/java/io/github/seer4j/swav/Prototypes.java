package io.github.seer4j.swav;

import io.github.seer4j.blocks.Init;
import io.github.seer4j.blocks.L2Normalize;
import io.github.seer4j.blocks.Layer;
import io.github.seer4j.blocks.Linear;
import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import io.github.seer4j.blocks.Traced;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The K prototype vectors: a bias-free linear map [K, D] whose rows are re-normalised to unit length every step;
 * {@link #forward} gives the scores [N, K] = z C^T of embeddings z [N, D] with their backward.
 */
public final class Prototypes implements Layer {

    /** Name of the prototype parameter (the trainer leaves it out of the update while prototypes are frozen). */
    public static final String NAME = "prototypes.weight";

    private final Parameter weight;
    private final Linear map;

    public Prototypes(int count, int dim, DataType type, long seed) {
        if (count < 2 || dim < 1) {
            throw new IllegalArgumentException("prototypes need K >= 2 and dim >= 1, got K=" + count + ", dim=" + dim);
        }
        weight = new Parameter(NAME, Parameter.Kind.LINEAR_WEIGHT,
                Init.uniform(type, seed, 1 / Math.sqrt(dim), count, dim));
        map = new Linear(weight);
        normalizeRows();
    }

    public Parameter weight() {
        return weight;
    }

    public int count() {
        return (int) weight.value().size(0);
    }

    /** Rescales every prototype row to unit L2 norm (a zero row stays zero), in place. */
    public void normalizeRows() {
        L2Normalize.inPlace(weight.value());
    }

    /** Scores with the backward: adds dS^T z to the prototypes' gradient and returns d loss / d z = dS C. */
    @Override
    public Traced forward(INDArray z, Mode mode) {
        return map.forward(z, mode);
    }

    /** Scores [N, K] = z C^T of arbitrary embeddings (e.g. the queue), with no backward. */
    public INDArray scores(INDArray z) {
        return map.forward(z, Mode.INFERENCE).output();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }
}
