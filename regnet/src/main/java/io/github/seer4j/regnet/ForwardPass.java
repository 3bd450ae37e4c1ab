package io.github.seer4j.regnet;

import io.github.seer4j.blocks.PassContext;
import io.github.seer4j.blocks.Traced;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One recorded forward pass of a {@link RegNetNetwork}: its output and the backward through exactly this pass.
 * Several passes can be kept (e.g. one per multi-crop resolution) and back-propagated in any order; each
 * {@link #backward} adds into the network's parameter gradients (call {@link RegNetNetwork#zeroGradients()} per step).
 */
public final class ForwardPass {

    private final Traced traced;
    private final PassContext context;
    private final long generation;
    private boolean done;

    ForwardPass(Traced traced) {
        this(traced, null, 0);
    }

    ForwardPass(Traced traced, PassContext context, long generation) {
        this.traced = traced;
        this.context = context;
        this.generation = generation;
    }

    /** Which {@code forward(List, Mode)} call made this pass (0 for a single pass). */
    long generation() {
        return generation;
    }

    Traced traced() {
        return traced;
    }

    /** The context the pass ran in when it ran concurrently with others (its backward runs in it too), else null. */
    PassContext context() {
        return context;
    }

    /** [N, classes] logits, or [N, C] pooled trunk features when the network has no head. */
    public INDArray output() {
        return traced.output();
    }

    /**
     * Back-propagates dLoss/dOutput (same shape as {@link #output()}): adds every parameter's gradient and returns
     * dLoss/dInput [N, channels, H, W]. A pass can be back-propagated once.
     */
    public INDArray backward(INDArray gradOutput) {
        return backward(gradOutput, true);
    }

    /**
     * Back-propagates for training: adds every parameter's gradient without computing dLoss/dInput (the stem's
     * input-gradient product is skipped, as PyTorch skips it for images that do not require grad).
     */
    public void backwardParameters(INDArray gradOutput) {
        backward(gradOutput, false);
    }

    /** dLoss/dInput, or null when {@code images} is false. */
    INDArray backward(INDArray gradOutput, boolean images) {
        if (done) {
            throw new IllegalStateException("this forward pass was already back-propagated; run forward again");
        }
        done = true;
        java.util.function.Supplier<INDArray> run = () -> context == null ? traced.backward(gradOutput)
                : context.run(() -> traced.backward(gradOutput));
        return images ? run.get() : io.github.seer4j.blocks.ImageGradient.skipped(run);
    }
}
