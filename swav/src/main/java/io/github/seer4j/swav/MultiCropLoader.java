package io.github.seer4j.swav;

import io.github.seer4j.data.ImageSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns an image source into multi-crop batches: a seeded shuffle per epoch (last partial batch dropped, as SwAV does),
 * augmentation on background threads, and a bounded prefetch queue of ready batches.
 */
public final class MultiCropLoader {

    private final ImageSource source;
    private final MultiCropAugmenter augmenter;
    private final int batchSize;
    private final long seed;
    private final int workers;
    private final int prefetch;
    private final int rank;
    private final int worldSize;

    /**
     * @param workers threads that augment images of one batch in parallel (the prefetch thread is one of them)
     * @param prefetch ready batches kept ahead of the consumer
     */
    public MultiCropLoader(ImageSource source, MultiCropAugmenter augmenter, int batchSize, long seed, int workers,
            int prefetch) {
        if (batchSize < 1 || batchSize > source.size()) {
            throw new IllegalArgumentException("batch size must be in 1.." + source.size()
                    + " (the number of images), got " + batchSize);
        }
        if (workers < 1 || prefetch < 1) {
            throw new IllegalArgumentException("workers and prefetch must be >= 1, got " + workers + ", " + prefetch);
        }
        this.source = source;
        this.augmenter = augmenter;
        this.batchSize = batchSize;
        this.seed = seed;
        this.workers = workers;
        this.prefetch = prefetch;
        this.rank = 0;
        this.worldSize = 1;
    }

    private MultiCropLoader(MultiCropLoader whole, int rank, int worldSize) {
        this.source = whole.source;
        this.augmenter = whole.augmenter;
        this.batchSize = whole.batchSize;
        this.seed = whole.seed;
        this.workers = whole.workers;
        this.prefetch = whole.prefetch;
        this.rank = rank;
        this.worldSize = worldSize;
    }

    /**
     * This loader's part for process {@code rank} of {@code worldSize} in data-parallel training: the same seeded
     * global order and global batches, of which it builds images {@code [rank * B/N, (rank + 1) * B/N)} of each batch.
     * Augmentation is seeded per image, so the views are the same whatever the number of processes.
     */
    public MultiCropLoader shard(int rank, int worldSize) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank must be in 0.." + (worldSize - 1) + ", got " + rank);
        }
        if (batchSize % worldSize != 0) {
            throw new IllegalArgumentException("the batch of " + batchSize + " images does not split evenly over "
                    + worldSize + " processes; use a batch size that is a multiple of the world size");
        }
        return new MultiCropLoader(this, rank, worldSize);
    }

    /** Images of each batch this loader builds: the batch size, or its part for one process of a group. */
    public int localBatchSize() {
        return batchSize / worldSize;
    }

    /** Full batches per epoch. */
    public int stepsPerEpoch() {
        return source.size() / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The image order of an epoch: a Fisher-Yates shuffle seeded by (seed, epoch). */
    public int[] order(int epoch) {
        int n = source.size();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(Seeds.derive(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int k = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    /** Builds batch {@code step} of {@code epoch} on the calling thread. */
    public MultiCropBatch batch(int epoch, int step) {
        return build(epoch, step, order(epoch), null);
    }

    private MultiCropBatch build(int epoch, int step, int[] order, ExecutorService pool) {
        CropSpec spec = augmenter.spec();
        int ng = spec.groups().size();
        int batchSize = localBatchSize(); // this process's part of the global batch (all of it in one process)
        float[][] bufs = new float[ng][];
        for (int g = 0; g < ng; g++) {
            bufs[g] = new float[spec.groups().get(g).count() * batchSize * augmenter.cropLength(g)];
        }
        int[] idx = new int[batchSize];
        System.arraycopy(order, step * this.batchSize + rank * batchSize, idx, 0, batchSize);
        if (pool == null) {
            for (int b = 0; b < batchSize; b++) {
                augmenter.augment(source.image(idx[b]), seed, epoch, idx[b], bufs, batchSize, b);
            }
        } else {
            List<Future<?>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int first = w;
                parts.add(pool.submit(() -> {
                    for (int b = first; b < batchSize; b += workers) {
                        augmenter.augment(source.image(idx[b]), seed, epoch, idx[b], bufs, batchSize, b);
                    }
                }));
            }
            for (Future<?> f : parts) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while augmenting a batch", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("augmentation failed: " + e.getCause(), e.getCause());
                }
            }
        }
        List<org.nd4j.linalg.api.ndarray.INDArray> arrays = new ArrayList<>(ng);
        for (int g = 0; g < ng; g++) {
            int s = spec.groups().get(g).size();
            arrays.add(Nd4j.create(bufs[g], new long[] {(long) spec.groups().get(g).count() * batchSize,
                    augmenter.options().outputChannels(), s, s}, 'c').castTo(DataType.FLOAT));
        }
        return new MultiCropBatch(epoch, step, idx, arrays);
    }

    /** Iterates the batches of {@code epoch} from {@code firstStep}, produced ahead on a background thread. */
    public Prefetcher epoch(int epoch, int firstStep) {
        return new Prefetcher(epoch, firstStep);
    }

    /** Background producer of one epoch's batches; close it to stop the threads early. */
    public final class Prefetcher implements Iterator<MultiCropBatch>, AutoCloseable {

        private static final Object END = new Object();
        private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(prefetch);
        private final Thread producer;
        private final ExecutorService pool;
        private Object next;

        Prefetcher(int epoch, int firstStep) {
            io.github.seer4j.blocks.Kernels.load(); // before the workers open an image decoder's natives
            pool = workers > 1 ? Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "swav-augment");
                t.setDaemon(true);
                return t;
            }) : null;
            int[] order = order(epoch);
            producer = new Thread(() -> {
                try {
                    for (int step = firstStep; step < stepsPerEpoch(); step++) {
                        ready.put(build(epoch, step, order, pool));
                    }
                    ready.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    ready.clear();
                    ready.offer(e);
                }
            }, "swav-prefetch");
            producer.setDaemon(true);
            producer.start();
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = ready.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a batch", e);
                }
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            if (next instanceof Error e) {
                throw e;
            }
            return next != END;
        }

        @Override
        public MultiCropBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the epoch has no more batches");
            }
            MultiCropBatch b = (MultiCropBatch) next;
            next = null;
            return b;
        }

        @Override
        public void close() {
            producer.interrupt();
            if (pool != null) {
                pool.shutdownNow();
            }
            try {
                producer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
