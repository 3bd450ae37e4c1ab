package io.github.seer4j.swav;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Row-wise L2 normalisation y = x / max(||x||, 1e-12) with its backward. */
public final class L2Normalize {

    private static final double MIN_NORM = 1e-12;
    private INDArray output;
    private INDArray norm;

    public INDArray forward(INDArray x) {
        norm = Transforms.max(x.norm2(true, 1), MIN_NORM, false);
        output = x.divColumnVector(norm);
        return output;
    }

    /** dx = (dy - y * sum(dy * y)) / ||x|| (row-wise). */
    public INDArray backward(INDArray gradOut) {
        INDArray dot = gradOut.mul(output).sum(true, 1);
        return gradOut.sub(output.mulColumnVector(dot)).diviColumnVector(norm);
    }
}
