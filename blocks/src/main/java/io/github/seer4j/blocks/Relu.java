package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** max(0, x) on any shape, with its backward (the gradient passes where the input was positive). */
public final class Relu implements Layer {

    @Override
    public Traced forward(INDArray x, Mode mode) {
        INDArray mask = x.gt(0).castTo(x.dataType());
        return new Traced(Transforms.relu(x, true), g -> g.mul(mask));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }
}
