package io.github.seer4j.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward half of one recorded forward pass: given dLoss/dOutput, adds the parameter gradients into each
 * {@link Parameter#gradient()} and returns dLoss/dInput.
 */
@FunctionalInterface
public interface Backprop {
    INDArray apply(INDArray gradOutput);

    /**
     * As {@link #apply}, adding dLoss/dInput into {@code sum} (a tensor of the input's shape that the caller gives
     * up, e.g. a residual block's shortcut gradient) and returning it. Layers that can write the sum in the same
     * pass as the gradient override this; the result is the same either way (one addition per element).
     */
    default INDArray applyAdding(INDArray gradOutput, INDArray sum) {
        return HostArrays.addInPlace(sum, apply(gradOutput));
    }
}
