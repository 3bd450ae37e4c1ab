package regnet;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** The daemon threads that run a step's extra passes (see {@link RegNetNetwork#forward(java.util.List,
 * blocks.Mode)}): one per processor beyond the first, created on first use. */
final class PassWorkers {

    private PassWorkers() {
    }

    private static final class Holder {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService POOL = Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1), r -> {
                    Thread t = new Thread(r, "seer4j-pass-" + COUNT.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    static <T> Future<T> submit(Callable<T> task) {
        return Holder.POOL.submit(task);
    }

    /** The task's result; its exception as thrown (an unchecked one unwrapped), or an IllegalStateException. */
    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a pass ran on a worker thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a pass failed on a worker thread", e.getCause());
        }
    }
}
