package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Row-wise L2 normalisation of [N, D]: y = x / max(||x||, 1e-12), with its backward. */
public final class L2Normalize implements Layer {

    private static final double MIN_NORM = 1e-12;

    @Override
    public Traced forward(INDArray x, Mode mode) {
        INDArray norm = Transforms.max(x.norm2(true, 1), MIN_NORM, false);
        INDArray y = x.divColumnVector(norm);
        // dx = (dy - y * sum(dy * y)) / ||x||, row-wise
        return new Traced(y, g -> g.sub(y.mulColumnVector(g.mul(y).sum(true, 1))).diviColumnVector(norm));
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
