package io.github.seer4j.blocks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seam for scale: a group of {@link #worldSize()} processes that reduce arrays together, in place. Inside one
 * process the per-pass gradient slots ({@link PassContext}) are the first level of the gradient reduction; this is the
 * second, across processes (a process group: Gloo over TCP on CPUs, NCCL on GPUs, in the optional
 * {@code seer4j-distributed} module). Sinkhorn's sums and synchronised batch norm's per-channel sums go through it too.
 *
 * <p>Every process must make the same calls in the same order with arrays of the same length and type (as with
 * {@code torch.distributed}); a call fails with {@link CollectiveException} when a peer died, stalled past the
 * group's timeout, or the group is closed. The default is {@link #single()}: one process, every call the identity.
 */
public interface Collective extends AutoCloseable {

    /** This process's rank, 0..worldSize-1. */
    int rank();

    /** The number of processes in the group. */
    int worldSize();

    /** Element-wise sum over the group of a dense FLOAT, DOUBLE or LONG array, in place on every process. */
    void allReduceSum(INDArray values);

    /** Element-wise maximum over the group, in place. */
    void allReduceMax(INDArray values);

    /** Copies {@code root}'s values into every other process's array (same shape and type), in place. */
    void broadcast(INDArray values, int root);

    /** Returns once every process has called it (or fails after the timeout). */
    void barrier();

    /** Short name of the transport, e.g. "single", "gloo", "nccl". */
    String backend();

    @Override
    default void close() {
    }

    /** Sums small host values (batch-norm and Sinkhorn sums) over the group, in place. */
    default void allReduceSum(double[] values) {
        if (worldSize() > 1) {
            reduceHost(values, false);
        }
    }

    /** Element-wise maximum of small host values over the group, in place. */
    default void allReduceMax(double[] values) {
        if (worldSize() > 1) {
            reduceHost(values, true);
        }
    }

    /** Every process's {@code value}, indexed by rank (e.g. configuration fingerprints checked before training). */
    default long[] allGather(long value) {
        long[] out = new long[worldSize()];
        out[rank()] = value;
        if (worldSize() > 1) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray a = Nd4j.createFromArray(out);
                allReduceSum(a);
                return a.toLongVector();
            }
        }
        return out;
    }

    /**
     * Every process's array stacked by rank: [worldSize, ...shape] (for checkpoints that hold every rank's state; a
     * sum of zero-padded slots, so it costs worldSize times the array's size).
     */
    default INDArray allGather(INDArray values) {
        long[] shape = new long[values.rank() + 1];
        shape[0] = worldSize();
        System.arraycopy(values.shape(), 0, shape, 1, values.rank());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray out = Nd4j.zeros(values.dataType(), shape);
            out.slice(rank()).assign(values);
            if (worldSize() > 1) {
                allReduceSum(out);
            }
            return out;
        }
    }

    private void reduceHost(double[] values, boolean max) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray a = Nd4j.createFromArray(values.clone()).castTo(DataType.DOUBLE);
            if (max) {
                allReduceMax(a);
            } else {
                allReduceSum(a);
            }
            System.arraycopy(a.toDoubleVector(), 0, values, 0, values.length);
        }
    }

    /** One process: rank 0 of 1, every reduction the identity. */
    static Collective single() {
        return Single.INSTANCE;
    }

    /** The one-process group. */
    final class Single implements Collective {
        static final Single INSTANCE = new Single();

        private Single() {
        }

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int worldSize() {
            return 1;
        }

        @Override
        public void allReduceSum(INDArray values) {
        }

        @Override
        public void allReduceMax(INDArray values) {
        }

        @Override
        public void broadcast(INDArray values, int root) {
            if (root != 0) {
                throw new IllegalArgumentException("broadcast root " + root + " outside a group of 1 process");
            }
        }

        @Override
        public void barrier() {
        }

        @Override
        public String backend() {
            return "single";
        }
    }
}
