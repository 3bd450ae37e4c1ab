package io.github.seer4j.swav;

import io.github.seer4j.blocks.Parameter;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer of the SwAV head with a hand-written backward pass; backward writes (not adds) its parameter gradients. */
public interface Layer {

    /** Forward pass on [B, in]; keeps what backward needs. */
    INDArray forward(INDArray x, boolean training);

    /** Backward pass: takes d loss / d output, sets the parameter gradients, returns d loss / d input. */
    INDArray backward(INDArray gradOut);

    /** Trainable tensors (possibly none). */
    List<Parameter> parameters();
}
