package io.github.seer4j.swav;

import io.github.seer4j.blocks.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Trunk features → projection head → L2 normalisation → prototype scores, with the backward of the whole chain. */
public final class SwavHead {

    /** Outputs of the forward pass: unit-length embeddings [N, D] and prototype scores [N, K]. */
    public record Output(INDArray embeddings, INDArray scores) {}

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

    public Output forward(INDArray features, boolean training) {
        INDArray z = normalize.forward(projection.forward(features, training));
        return new Output(z, prototypes.forward(z));
    }

    /** Sets the gradients of the head and prototype parameters; returns d loss / d features. */
    public INDArray backward(INDArray gradScores) {
        return projection.backward(normalize.backward(prototypes.backward(gradScores)));
    }

    /** Projection parameters followed by the prototypes. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(projection.parameters());
        p.add(prototypes.weight());
        return p;
    }
}
