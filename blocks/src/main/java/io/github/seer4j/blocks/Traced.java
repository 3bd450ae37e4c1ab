package io.github.seer4j.blocks;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The output of a layer's forward pass together with the closure that back-propagates through exactly that pass.
 * Several passes may be outstanding at once (e.g. multi-crop groups at different resolutions); each backward
 * accumulates into the shared parameter gradients.
 */
public record Traced(INDArray output, Backprop backprop) {
    public Traced {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(backprop, "backprop");
    }

    /** dLoss/dInput for the given dLoss/dOutput; parameter gradients are accumulated as a side effect. */
    public INDArray backward(INDArray gradOutput) {
        if (!java.util.Arrays.equals(gradOutput.shape(), output.shape())) {
            throw new IllegalArgumentException("gradient shape " + java.util.Arrays.toString(gradOutput.shape())
                    + " does not match the output shape " + java.util.Arrays.toString(output.shape())
                    + "; pass dLoss/dOutput with the output's shape");
        }
        return backprop.apply(gradOutput);
    }
}
