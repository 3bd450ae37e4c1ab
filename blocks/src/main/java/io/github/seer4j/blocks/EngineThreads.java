package io.github.seer4j.blocks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The threads the Java kernels split one pass's large layers over (intra-pass parallelism): a convolution's images,
 * a batch norm's rows, a product's rows. Process-wide: {@link #set} or {@code -Dseer4j.threads=N}; the default is
 * this machine's processors. A kernel splits its work into a fixed number of parts that depends only on the thread
 * count and the shapes, never on timing; parts whose results are summed (weight gradients, batch-norm sums) are summed
 * in part order, so a result is the same at every run and differs between thread counts only by float summation
 * order.
 *
 * <p>The calling thread works on the parts too, and helpers take parts from a shared counter, so a region never waits
 * on a busy pool (two concurrent passes sharing it, or a region inside a region) and cannot deadlock. Parts must not
 * allocate ND4J arrays (workspaces are per thread) or read {@link Parameter#gradient()} (the pass context is per
 * thread): the caller allocates, the parts only fill.
 */
public final class EngineThreads {

    private static volatile int threads = Math.max(1, Integer.getInteger("seer4j.threads",
            Runtime.getRuntime().availableProcessors()));
    private static volatile boolean splitSmallWork;
    private static final ThreadLocal<Integer> LIMIT = new ThreadLocal<>();
    private static ExecutorService pool;
    private static int poolSize;

    private EngineThreads() {
    }

    /** Threads a pass's kernels use (1 = the calling thread only). */
    public static int threads() {
        return threads;
    }

    /**
     * Runs work on the calling thread with its kernels limited to {@code n} threads (e.g. each of several passes
     * that already run concurrently gets the cores divided between them); the process-wide setting is unchanged.
     */
    public static <T> T limitedTo(int n, java.util.function.Supplier<T> work) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        Integer previous = LIMIT.get();
        LIMIT.set(Math.min(n, previous == null ? Integer.MAX_VALUE : previous));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                LIMIT.remove();
            } else {
                LIMIT.set(previous);
            }
        }
    }

    /** The threads kernels called from this thread use: the setting, or less inside {@link #limitedTo}. */
    static int here() {
        Integer limit = LIMIT.get();
        return limit == null ? threads : Math.min(limit, threads);
    }

    /**
     * Physical cores this process may run on (SMT siblings counted once; 0 when the OS does not say). Where a pass's
     * threads outnumber them, small maps stay on one thread (see the oneDNN kernels' plans).
     */
    public static int physicalCores() {
        return CpuTopology.physicalCores();
    }

    /** Sets how many threads a pass's kernels use (1 = the calling thread only). */
    public static void set(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        threads = n;
    }

    /**
     * Splits every kernel's work over all threads however small it is (normally work below a size threshold stays on
     * one thread), so that small test networks exercise the split paths.
     */
    public static void splitSmallWork(boolean on) {
        splitSmallWork = on;
    }

    /**
     * How many parts to split {@code work} into: one per thread, but no part smaller than {@code minPerPart}
     * (the split costs more than it saves below that); at least 1.
     */
    public static int parts(long work, long minPerPart) {
        int t = here();
        return splitSmallWork ? t : (int) Math.max(1, Math.min(t, work / minPerPart));
    }

    /** Start of part {@code p} of {@code n} units split into {@code parts} contiguous ranges of near-equal size. */
    public static int split(int n, int parts, int p) {
        return (int) ((long) n * p / parts);
    }

    /** Runs body(0) ... body(parts - 1), on up to {@link #threads()} threads; returns when all are done. */
    public static void run(int parts, IntConsumer body) {
        int threads = here();
        if (parts <= 1 || threads == 1) {
            for (int p = 0; p < parts; p++) {
                body.accept(p);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(parts);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int p;
            while ((p = next.getAndIncrement()) < parts) {
                try {
                    if (failure.get() == null) {
                        body.accept(p);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        ExecutorService helpers = pool(threads - 1);
        for (int i = 0; i < Math.min(parts, threads) - 1; i++) {
            helpers.execute(worker);
        }
        worker.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("a kernel part failed", t);
        }
    }

    private static synchronized ExecutorService pool(int size) {
        if (pool == null || poolSize < size) {
            if (pool != null) {
                pool.shutdown();
            }
            AtomicInteger count = new AtomicInteger();
            pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "seer4j-kernel-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            poolSize = size;
        }
        return pool;
    }
}
