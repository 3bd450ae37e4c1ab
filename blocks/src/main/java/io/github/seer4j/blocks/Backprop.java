package io.github.seer4j.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward half of one recorded forward pass: given dLoss/dOutput, adds the parameter gradients into each
 * {@link Parameter#gradient()} and returns dLoss/dInput.
 */
@FunctionalInterface
public interface Backprop {
    INDArray apply(INDArray gradOutput);
}
