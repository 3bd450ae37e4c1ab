package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network piece with a native-op forward and a hand-written backward. Layers keep no activations between calls:
 * {@link #forward} returns a {@link Traced} whose closure holds what its backward needs.
 */
public interface Layer {

    /** Runs the layer on an NHWC (or [N, C] for dense layers) input. */
    Traced forward(INDArray input, Mode mode);

    /** Trainable tensors, in a stable order. */
    List<Parameter> parameters();

    /** Non-trainable state that must be saved with the weights (batch-norm running statistics), by name. */
    Map<String, INDArray> buffers();
}
