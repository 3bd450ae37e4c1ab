package io.github.seer4j.train;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.blocks.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What {@link SwavPretrainer} does differently as one of N processes (main_swav.py / VISSL's data parallelism): each
 * process takes its slice of every global batch, Sinkhorn runs over the group, gradients are summed over the group
 * and divided by N (each process's loss is the mean over its own samples, so this is the global batch's gradient),
 * batch norm is optionally synchronised, rank 0 writes metrics and the checkpoint. With one process every method is
 * the identity. Counts the bytes and time of every collective call for the metrics.
 */
final class DataParallel {

    private final Metered group;
    private final boolean syncBatchNorm;
    private INDArray bucket;

    DataParallel(Collective group, boolean syncBatchNorm) {
        this.group = new Metered(group);
        this.syncBatchNorm = syncBatchNorm;
    }

    static DataParallel single() {
        return new DataParallel(Collective.single(), false);
    }

    Collective group() {
        return group;
    }

    int rank() {
        return group.rank();
    }

    int worldSize() {
        return group.worldSize();
    }

    boolean distributed() {
        return group.worldSize() > 1;
    }

    boolean syncBatchNorm() {
        return syncBatchNorm;
    }

    /** Whether this process writes the run's files (checkpoint, metrics.jsonl, loss curve): rank 0. */
    boolean writes() {
        return group.rank() == 0;
    }

    /**
     * Refuses to train when the processes disagree: every rank's fingerprint of its configuration (and world size) is
     * gathered and compared with rank 0's before any training step.
     */
    void checkSameConfiguration(String description) {
        if (!distributed()) {
            return;
        }
        long mine = fingerprint(description + "|world=" + worldSize());
        long[] all = group.allGather(mine);
        for (int r = 0; r < all.length; r++) {
            if (all[r] != all[0]) {
                throw new IllegalArgumentException("rank " + r + "'s configuration differs from rank 0's (fingerprint "
                        + Long.toHexString(all[r]) + " vs " + Long.toHexString(all[0]) + "); start every rank with "
                        + "the same arguments, data and world size");
            }
        }
    }

    /** A 64-bit FNV-1a hash of a configuration's text. */
    static long fingerprint(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The group's mean of a per-process value (the losses of the processes' parts of one batch). */
    double mean(double local) {
        if (!distributed()) {
            return local;
        }
        double[] v = {local};
        group.allReduceSum(v);
        return v[0] / worldSize();
    }

    /**
     * Replaces each parameter's gradient by the group's mean, in one reduction: the gradients are packed into one
     * flat buffer (in parameter order, the same on every process), summed over the group, divided by N, unpacked.
     */
    void averageGradients(List<Parameter> parameters) {
        if (!distributed()) {
            return;
        }
        long total = 0;
        for (Parameter p : parameters) {
            total += p.size();
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (bucket == null || bucket.length() != total
                    || bucket.dataType() != parameters.get(0).value().dataType()) {
                bucket = Nd4j.create(parameters.get(0).value().dataType(), total);
            }
        }
        long off = 0;
        for (Parameter p : parameters) {
            long n = p.size();
            bucket.get(NDArrayIndex.interval(off, off + n)).assign(p.gradient().reshape(n));
            off += n;
        }
        group.allReduceSum(bucket);
        bucket.divi(worldSize());
        off = 0;
        for (Parameter p : parameters) {
            long n = p.size();
            p.gradient().assign(bucket.get(NDArrayIndex.interval(off, off + n)).reshape(p.gradient().shape()));
            off += n;
        }
    }

    /**
     * Adds every rank's queue to a checkpoint that rank 0 writes ({@code queue/rankR/contents}, {@code .../filled})
     * and the world size; with one process only the world size is left out (the checkpoint keeps its one-process
     * layout). Every rank must call it (the queues are gathered).
     */
    void addQueues(Map<String, INDArray> tensors, io.github.seer4j.swav.EmbeddingQueue queue) {
        if (!distributed()) {
            return;
        }
        tensors.put("dist/world_size", Nd4j.createFromArray(new double[] {worldSize()}));
        if (queue == null) {
            return;
        }
        double[] f = java.util.Arrays.stream(queue.filled()).asDoubleStream().toArray();
        INDArray contents = group.allGather(queue.state());
        INDArray filled = group.allGather(Nd4j.createFromArray(f));
        for (int r = 0; r < worldSize(); r++) {
            tensors.put("queue/rank" + r + "/contents", contents.slice(r).dup());
            tensors.put("queue/rank" + r + "/filled", filled.slice(r).dup());
        }
    }

    /**
     * Checks that a checkpoint was written by as many processes as this run has, and gives this rank's queue (its
     * contents and fill counts, null when the run had no queue yet) to {@code restore}.
     */
    void restoreQueue(Checkpoint c, java.util.function.BiConsumer<INDArray, INDArray> restore) {
        INDArray w = c.tensors().get("dist/world_size");
        int written = w == null ? 1 : (int) w.getDouble(0);
        if (written != worldSize()) {
            throw new IllegalArgumentException("the checkpoint was written by a run of " + written + " process"
                    + (written == 1 ? "" : "es") + " but this run has " + worldSize() + "; resume with --world-size "
                    + written + " (each process keeps its own queue)");
        }
        if (distributed()) {
            restore.accept(c.tensors().get("queue/rank" + rank() + "/contents"),
                    c.tensors().get("queue/rank" + rank() + "/filled"));
        }
    }

    /** Seconds, bytes (this process's payload) and calls of collective communication since the last call; resets. */
    Map<String, Object> takeCommunication() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s_comm", group.nanos / 1e9);
        m.put("comm_bytes", group.bytes);
        m.put("comm_calls", group.calls);
        group.nanos = 0;
        group.bytes = 0;
        group.calls = 0;
        return m;
    }

    /** A group that counts what passes through it. */
    static final class Metered implements Collective {
        private final Collective inner;
        long nanos;
        long bytes;
        long calls;

        Metered(Collective inner) {
            this.inner = inner instanceof Metered m ? m.inner : inner;
        }

        private void count(long t0, long n) {
            nanos += System.nanoTime() - t0;
            bytes += n;
            calls++;
        }

        @Override
        public int rank() {
            return inner.rank();
        }

        @Override
        public int worldSize() {
            return inner.worldSize();
        }

        @Override
        public void allReduceSum(INDArray values) {
            long t0 = System.nanoTime();
            inner.allReduceSum(values);
            count(t0, values.length() * values.dataType().width());
        }

        @Override
        public void allReduceMax(INDArray values) {
            long t0 = System.nanoTime();
            inner.allReduceMax(values);
            count(t0, values.length() * values.dataType().width());
        }

        @Override
        public void allReduceSum(double[] values) {
            long t0 = System.nanoTime();
            inner.allReduceSum(values);
            count(t0, 8L * values.length);
        }

        @Override
        public void allReduceMax(double[] values) {
            long t0 = System.nanoTime();
            inner.allReduceMax(values);
            count(t0, 8L * values.length);
        }

        @Override
        public void broadcast(INDArray values, int root) {
            long t0 = System.nanoTime();
            inner.broadcast(values, root);
            count(t0, values.length() * values.dataType().width());
        }

        @Override
        public void barrier() {
            long t0 = System.nanoTime();
            inner.barrier();
            count(t0, 0);
        }

        @Override
        public String backend() {
            return inner.backend();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
