package io.github.seer4j.swav;

import io.github.seer4j.blocks.Parameter;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** max(0, x) with its backward (gradient passes where the input was positive). */
public final class Relu implements Layer {

    private INDArray mask;

    @Override
    public INDArray forward(INDArray x, boolean training) {
        mask = x.gt(0).castTo(x.dataType());
        return Transforms.relu(x, true);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return gradOut.mul(mask);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
