package io.github.seer4j.distributed;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.blocks.CollectiveException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BarrierOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Collective} over one of PyTorch's c10d process groups through JavaCPP (org.bytedeco:pytorch): the ranks
 * meet at a {@link TCPStore} served by rank 0 (torchrun's MASTER_ADDR:MASTER_PORT), check that they agree on the world
 * size, then reduce ND4J arrays in place: the array's off-heap buffer is wrapped as a torch tensor without a copy
 * ({@code from_blob}). Subclasses choose the backend ({@link GlooCollective}, {@link NcclCollective}).
 */
public abstract class TorchCollective implements Collective {

    private final int rank;
    private final int worldSize;
    private final Duration timeout;
    private final TCPStore store;
    private Backend group;
    private boolean closed;

    protected TorchCollective(int rank, int worldSize, String masterAddress, int masterPort, Duration timeout) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank must be in 0.." + (worldSize - 1) + " for a world size of "
                    + worldSize + ", got " + rank + "; set RANK/--rank below WORLD_SIZE/--world-size");
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new IllegalArgumentException("master port must be in 1..65535, got " + masterPort);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the communication timeout must be positive, got " + timeout);
        }
        TorchNatives.load();
        this.rank = rank;
        this.worldSize = worldSize;
        this.timeout = timeout;
        TCPStoreOptions o = new TCPStoreOptions();
        o.port((short) masterPort);
        o.isServer(rank == 0);
        o.waitWorkers(false);
        o.timeout(new Milliseconds(timeout.toMillis()));
        try {
            store = new TCPStore(masterAddress, o);
        } catch (RuntimeException e) {
            throw new CollectiveException("rank " + rank + ": cannot " + (rank == 0 ? "serve" : "reach")
                    + " the rendezvous at " + masterAddress + ":" + masterPort + " (" + firstLine(e) + "); check "
                    + "MASTER_ADDR/MASTER_PORT and that rank 0 is running" + (rank == 0 ? " and the port is free" : ""),
                    e);
        }
        checkWorldSize(masterAddress, masterPort);
    }

    /** Creates the backend's process group on the store; called once by the subclass constructor. */
    protected final void start(Backend g) {
        this.group = g;
    }

    protected final TCPStore store() {
        return store;
    }

    protected final Duration timeout() {
        return timeout;
    }

    /**
     * Every rank publishes its world size; each compares with rank 0's (rank 0 with every rank's), so a process
     * started with another WORLD_SIZE is refused by name before any process group is formed.
     */
    private void checkWorldSize(String masterAddress, int masterPort) {
        try {
            store.set("seer4j/world/" + rank, Integer.toString(worldSize));
            int lastToCheck = rank == 0 ? worldSize - 1 : 0;
            for (int r = 0; r <= lastToCheck; r++) {
                int theirs = Integer.parseInt(new String(store.get("seer4j/world/" + r).get(),
                        StandardCharsets.UTF_8));
                if (theirs != worldSize) {
                    throw new IllegalArgumentException("rank " + r + " was started with world size " + theirs
                            + " but rank " + rank + " with " + worldSize + "; start every rank with the same "
                            + "WORLD_SIZE/--world-size");
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new CollectiveException("rank " + rank + ": not every rank of " + worldSize + " joined the "
                    + "rendezvous at " + masterAddress + ":" + masterPort + " within " + timeout.toSeconds() + " s ("
                    + firstLine(e) + "); start all ranks with the same MASTER_ADDR/MASTER_PORT and WORLD_SIZE", e);
        }
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int worldSize() {
        return worldSize;
    }

    @Override
    public void allReduceSum(INDArray values) {
        reduce(values, ReduceOp.RedOpType.SUM, "allreduce(sum)");
    }

    @Override
    public void allReduceMax(INDArray values) {
        reduce(values, ReduceOp.RedOpType.MAX, "allreduce(max)");
    }

    private void reduce(INDArray values, ReduceOp.RedOpType op, String what) {
        inPlace(values, what, t -> group.allreduce(new TensorVector(t),
                new AllreduceOptions().reduceOp(new ReduceOp(op))));
    }

    @Override
    public void broadcast(INDArray values, int root) {
        if (root < 0 || root >= worldSize) {
            throw new IllegalArgumentException("broadcast root must be in 0.." + (worldSize - 1) + ", got " + root);
        }
        inPlace(values, "broadcast", t -> group.broadcast(new TensorVector(t), new BroadcastOptions().rootRank(root)));
    }

    @Override
    public void barrier() {
        open();
        try (PointerScope scope = new PointerScope()) {
            await(group.barrier(new BarrierOptions()), "barrier");
        }
    }

    /** One collective on a dense copy-free view of the array (a view or a non-c-order array goes through a copy). */
    private void inPlace(INDArray values, String what, java.util.function.Function<Tensor, Work> call) {
        open();
        boolean direct = !values.isView() && values.ordering() == 'c' && values.elementWiseStride() == 1;
        INDArray dense = direct ? values : values.dup('c');
        try (PointerScope scope = new PointerScope()) {
            Tensor host = torch.from_blob(address(dense), new long[] {dense.length()},
                    new TensorOptions(scalarType(dense)));
            Tensor device = toDevice(host);
            await(call.apply(device), what + " of " + dense.length() + " " + dense.dataType());
            fromDevice(device, host);
        }
        if (!direct) {
            values.assign(dense.reshape(values.shape()));
        }
    }

    /** The tensor the backend works on: the host tensor itself (Gloo), or a device copy (NCCL). */
    protected abstract Tensor toDevice(Tensor host);

    /** Copies a device tensor's result back into the host tensor (nothing when they are the same). */
    protected abstract void fromDevice(Tensor device, Tensor host);

    private void await(Work w, String what) {
        try {
            w._wait();
        } catch (RuntimeException e) {
            throw new CollectiveException("rank " + rank + " of " + worldSize + ": " + what + " failed over "
                    + backend() + " (" + firstLine(e) + "): a peer process died, stalled past the " + timeout.toSeconds()
                    + " s timeout or left the group; stop every rank and resume from the last checkpoint", e);
        }
    }

    private void open() {
        if (closed || group == null) {
            throw new CollectiveException("rank " + rank + ": the " + backend() + " process group is closed");
        }
    }

    private static Pointer address(INDArray dense) {
        Pointer base = dense.data().addressPointer();
        long bytes = base.address() + base.position() * dense.dataType().width();
        return new Pointer() {
            {
                address = bytes;
            }
        };
    }

    private static torch.ScalarType scalarType(INDArray x) {
        return switch (x.dataType()) {
            case FLOAT -> torch.ScalarType.Float;
            case DOUBLE -> torch.ScalarType.Double;
            case LONG -> torch.ScalarType.Long;
            case INT -> torch.ScalarType.Int;
            default -> throw new IllegalArgumentException("collectives take FLOAT, DOUBLE, LONG or INT arrays, got "
                    + x.dataType());
        };
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
    }

    /** Leaves the group: a last barrier when every peer is still there (so rank 0's store outlives the others). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (group != null && worldSize > 1) {
                barrier();
            }
        } catch (CollectiveException e) {
            // a peer is gone: nothing to wait for
        } finally {
            closed = true;
            if (group != null) {
                group.close();
            }
            store.close();
        }
    }
}
