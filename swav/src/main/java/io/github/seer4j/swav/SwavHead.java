package io.github.seer4j.swav;

import io.github.seer4j.blocks.Backprop;
import io.github.seer4j.blocks.L2Normalize;
import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import io.github.seer4j.blocks.Traced;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Trunk features → projection head → L2 normalisation → prototype scores, with the backward of the whole chain. */
public final class SwavHead {

    /**
     * One forward pass: unit-length embeddings [N, D], prototype scores [N, K], and the closure that back-propagates
     * through exactly this pass.
     */
    public record Output(INDArray embeddings, INDArray scores, Backprop backprop) {

        /** Adds the head's and the prototypes' parameter gradients; returns d loss / d features. */
        public INDArray backward(INDArray gradScores) {
            return new Traced(scores, backprop).backward(gradScores);
        }
    }

    private final ProjectionHead projection;
    private final L2Normalize normalize = new L2Normalize();
    private final Prototypes prototypes;

    public SwavHead(ProjectionHead projection, Prototypes prototypes) {
        if (projection.outputDim() != prototypes.weight().value().size(1)) {
            throw new IllegalArgumentException("projection output " + projection.outputDim()
                    + " differs from the prototype dimension " + prototypes.weight().value().size(1));
        }
        this.projection = projection;
        this.prototypes = prototypes;
    }

    public ProjectionHead projection() {
        return projection;
    }

    public Prototypes prototypes() {
        return prototypes;
    }

    public Output forward(INDArray features, Mode mode) {
        Traced projected = projection.forward(features, mode);
        Traced normalized = normalize.forward(projected.output(), mode);
        Traced scored = prototypes.forward(normalized.output(), mode);
        return new Output(normalized.output(), scored.output(),
                g -> projected.backward(normalized.backward(scored.backward(g))));
    }

    /** Projection parameters followed by the prototypes. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(projection.parameters());
        p.addAll(prototypes.parameters());
        return p;
    }

    /** Non-trainable state to checkpoint, by name: the projection's batch-norm running statistics. */
    public Map<String, INDArray> buffers() {
        Map<String, INDArray> m = new LinkedHashMap<>(projection.buffers());
        m.putAll(prototypes.buffers());
        return m;
    }

    /** Zeroes every parameter gradient (backward passes add into them). */
    public void zeroGradients() {
        parameters().forEach(Parameter::zeroGradient);
    }
}
