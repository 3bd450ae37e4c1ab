package io.github.seer4j.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Row-wise softmax of [N, K] logits, the probabilities of a classifier's cross-entropy. */
public final class Softmax {

    private Softmax() {}

    /** Row-wise softmax with the row maximum subtracted first (a new array). */
    public static INDArray rows(INDArray logits) {
        INDArray e = Transforms.exp(logits.subColumnVector(logits.max(true, 1)), false);
        return e.diviColumnVector(e.sum(true, 1));
    }
}
