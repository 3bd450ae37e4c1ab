package io.github.seer4j.blocks;

import java.util.function.Supplier;

/**
 * Whether a backward pass needs the gradient with respect to the network's input images. Training does not (images
 * are data, as in PyTorch, where they do not require grad), and the stem's convolution then skips its input-gradient
 * product: the 3-channel stem's is one of the least efficient convolutions of a step at 224 px.
 */
public final class ImageGradient {

    private static final ThreadLocal<Boolean> SKIPPED = ThreadLocal.withInitial(() -> false);

    private ImageGradient() {
    }

    /** Runs a backward on this thread without the input images' gradient (image-input layers return null). */
    public static <T> T skipped(Supplier<T> backward) {
        boolean previous = SKIPPED.get();
        SKIPPED.set(true);
        try {
            return backward.get();
        } finally {
            SKIPPED.set(previous);
        }
    }

    /** Whether the backward running on this thread wants the images' gradient. */
    static boolean wanted() {
        return !SKIPPED.get();
    }
}
