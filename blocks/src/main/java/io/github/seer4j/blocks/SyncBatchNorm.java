package io.github.seer4j.blocks;

/**
 * Synchronised batch normalisation: inside {@link #scope}, training-mode batch norm on the calling thread reduces its
 * per-channel sums over the group (forward: the sum of x, then of (x - mean)^2, with the value count; backward: the
 * sums of dy and dy * (x - mean)), so every process normalises with the statistics of the global batch, as PyTorch's
 * {@code SyncBatchNorm}. Every process must run the same layers in the same order, one pass at a time on one thread
 * (the passes of a step cannot run concurrently: their reductions would interleave differently on each process).
 */
public final class SyncBatchNorm {

    private static final ThreadLocal<Collective> CURRENT = new ThreadLocal<>();

    private SyncBatchNorm() {
    }

    /** Synchronises batch norm on this thread over {@code group} until the returned scope is closed. */
    public static Scope scope(Collective group) {
        Collective previous = CURRENT.get();
        CURRENT.set(group);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The group batch norm synchronises over on this thread, or null (local statistics). */
    public static Collective current() {
        Collective c = CURRENT.get();
        return c == null || c.worldSize() < 2 ? null : c;
    }

    /** Whether a scope is open on this thread (even over a group of one). */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** A scope that ends synchronisation; closing it cannot fail. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
