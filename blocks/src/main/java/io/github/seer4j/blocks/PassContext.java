package io.github.seer4j.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lets several forward/backward passes of one network run at once on different threads (SwAV's resolution groups
 * are independent until the loss). Inside a pass's context, parameter gradients go to the pass's own buffers
 * ({@link Parameter#gradient()} of slot {@code > 0}; slot 0 is the shared gradient), and batch-norm running-statistic
 * updates are recorded instead of applied. The caller then applies the updates and sums the gradients in pass order,
 * so the result does not depend on thread timing and matches running the passes one after the other (up to float
 * rounding in the order a gradient's two contributions are summed).
 */
public final class PassContext {

    private static final ThreadLocal<PassContext> CURRENT = new ThreadLocal<>();

    private final int slot;
    private final List<Runnable> deferred = new ArrayList<>();

    /** A context whose gradients go to slot {@code slot} (0 = the shared gradient, others the pass's own buffer). */
    public PassContext(int slot) {
        if (slot < 0) {
            throw new IllegalArgumentException("gradient slot must be >= 0, got " + slot);
        }
        this.slot = slot;
    }

    public int slot() {
        return slot;
    }

    /** Runs work on the calling thread with this context installed. */
    public <T> T run(Supplier<T> work) {
        PassContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Applies the state updates recorded while this context's passes ran, in the order they were recorded. */
    public void applyDeferred() {
        deferred.forEach(Runnable::run);
        deferred.clear();
    }

    /** The context of the calling thread's pass, or null outside any. */
    static PassContext current() {
        return CURRENT.get();
    }

    /** Runs a state update now, or records it when the calling thread is inside a context. */
    /** Whether {@link #updateOrDefer} would defer an update made on this thread now. */
    static boolean defers() {
        return CURRENT.get() != null;
    }

    static void updateOrDefer(Runnable update) {
        PassContext c = CURRENT.get();
        if (c == null) {
            update.run();
        } else {
            c.deferred.add(update);
        }
    }
}
