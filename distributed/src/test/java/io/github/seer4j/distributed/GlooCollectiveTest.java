package io.github.seer4j.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.swav.Sinkhorn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Two Gloo process groups in this JVM (one per thread, each its own rank) exercising the collectives and the reductions
 * the trainer builds on, against values computed directly.
 */
class GlooCollectiveTest {

    private static ExecutorService threads;
    private static List<Collective> groups;

    @BeforeAll
    static void formGroup() throws Exception {
        threads = Executors.newFixedThreadPool(2);
        int port = LaunchCommand.freePort();
        groups = both((rank, unused) -> new GlooCollective(rank, 2, "127.0.0.1", port, Duration.ofSeconds(30)));
    }

    @AfterAll
    static void leave() throws Exception {
        both((rank, g) -> {
            g.close();
            return null;
        });
        threads.shutdownNow();
    }

    /** Runs work on both ranks at once (each on its own thread) and returns the results by rank. */
    private static <T> List<T> both(BiFunction<Integer, Collective, T> work) throws Exception {
        List<Future<T>> f = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int rank = r;
            f.add(threads.submit(() -> work.apply(rank, groups == null ? null : groups.get(rank))));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> x : f) {
            out.add(x.get());
        }
        return out;
    }

    @Test
    void reductionsBroadcastAndGatherAgreeWithDirectValues() throws Exception {
        List<INDArray> sums = both((r, g) -> {
            INDArray x = Nd4j.createFromArray(1f + r, 2f, -3f * r);
            g.allReduceSum(x);
            return x;
        });
        assertArrayEquals(new float[] {3, 4, -3}, sums.get(0).toFloatVector());
        assertArrayEquals(sums.get(0).toFloatVector(), sums.get(1).toFloatVector());
        List<double[]> max = both((r, g) -> {
            double[] v = {r, -r, 5};
            g.allReduceMax(v);
            return v;
        });
        assertArrayEquals(new double[] {1, 0, 5}, max.get(1));
        List<INDArray> cast = both((r, g) -> {
            INDArray x = Nd4j.createFromArray(new double[] {r == 0 ? 7.5 : 0, 1});
            g.broadcast(x, 0);
            return x;
        });
        assertArrayEquals(new double[] {7.5, 1}, cast.get(1).toDoubleVector());
        List<long[]> gathered = both((r, g) -> g.allGather(Long.MAX_VALUE - r)); // 64 bits survive
        assertArrayEquals(new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1}, gathered.get(0));
        assertArrayEquals(gathered.get(0), gathered.get(1));
    }

    @Test
    void aViewIsReducedThroughACopyAndWrittenBack() throws Exception {
        List<INDArray> out = both((r, g) -> {
            INDArray m = Nd4j.linspace(DataType.FLOAT, 1, 20, 1).reshape(4, 5).muli(r + 1);
            INDArray columns = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)); // not contiguous
            g.allReduceSum(columns);
            return m;
        });
        INDArray expected = Nd4j.linspace(DataType.FLOAT, 1, 20, 1).reshape(4, 5);
        INDArray tripled = expected.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)).mul(3);
        for (int r = 0; r < 2; r++) {
            INDArray m = out.get(r);
            assertEquals(tripled, m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)));
            assertEquals(expected.getColumn(0).mul(r + 1), m.getColumn(0)); // the rest untouched
        }
    }

    @Test
    void sinkhornOverTwoRanksGivesEachItsRowsOfTheWholeBatchsCodes() throws Exception {
        INDArray scores = Nd4j.rand(DataType.DOUBLE, 12, 7).muli(2).subi(1);
        Sinkhorn sinkhorn = new Sinkhorn(0.05, 3);
        INDArray whole = sinkhorn.codes(scores);
        List<INDArray> halves = both((r, g) -> sinkhorn.codes(
                scores.get(NDArrayIndex.interval(6 * r, 6 * r + 6), NDArrayIndex.all()).dup(), g));
        INDArray joined = Nd4j.concat(0, halves.get(0), halves.get(1));
        assertTrue(whole.equalsWithEps(joined, 1e-12), "distributed Sinkhorn differs:\n" + whole + "\n" + joined);
        // and not the codes each half would get alone
        assertTrue(!sinkhorn.codes(scores.get(NDArrayIndex.interval(0, 6), NDArrayIndex.all()).dup())
                .equalsWithEps(halves.get(0), 1e-3));
    }

    @Test
    void syncBatchNormOverTwoHalvesIsBatchNormOverTheWholeBatch() throws Exception {
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 3, 5).muli(4).subi(1); // NHWC, 5 channels
        INDArray g = Nd4j.rand(DataType.FLOAT, 6, 3, 3, 5).subi(0.5);
        io.github.seer4j.blocks.BatchNorm2d whole = new io.github.seer4j.blocks.BatchNorm2d("bn", 5,
                new io.github.seer4j.blocks.Init(1, DataType.FLOAT));
        whole.gamma().value().assign(Nd4j.createFromArray(0.5f, 1f, 1.5f, 2f, -1f));
        io.github.seer4j.blocks.Traced t = whole.forwardRelu(x, io.github.seer4j.blocks.Mode.TRAINING);
        INDArray dx = t.backprop().apply(g.dup());
        List<Object[]> halves = both((r, group) -> {
            io.github.seer4j.blocks.BatchNorm2d bn = new io.github.seer4j.blocks.BatchNorm2d("bn", 5,
                    new io.github.seer4j.blocks.Init(1, DataType.FLOAT));
            bn.gamma().value().assign(Nd4j.createFromArray(0.5f, 1f, 1.5f, 2f, -1f));
            INDArray xr = x.get(NDArrayIndex.interval(3 * r, 3 * r + 3)).dup();
            INDArray gr = g.get(NDArrayIndex.interval(3 * r, 3 * r + 3)).dup();
            try (io.github.seer4j.blocks.SyncBatchNorm.Scope s = io.github.seer4j.blocks.SyncBatchNorm.scope(group)) {
                io.github.seer4j.blocks.Traced tr = bn.forwardRelu(xr, io.github.seer4j.blocks.Mode.TRAINING);
                INDArray dxr = tr.backprop().apply(gr);
                return new Object[] {tr.output(), dxr, bn.gamma().gradient().dup(), bn.beta().gradient().dup(),
                    bn.runningVar().dup()};
            }
        });
        INDArray y = Nd4j.concat(0, (INDArray) halves.get(0)[0], (INDArray) halves.get(1)[0]);
        INDArray dxJoined = Nd4j.concat(0, (INDArray) halves.get(0)[1], (INDArray) halves.get(1)[1]);
        assertTrue(t.output().equalsWithEps(y, 2e-5), "outputs differ");
        assertTrue(dx.equalsWithEps(dxJoined, 2e-5), "input gradients differ");
        // each rank's parameter gradient is its own part; the gradient all-reduce adds them
        assertTrue(whole.gamma().gradient().equalsWithEps(((INDArray) halves.get(0)[2]).add((INDArray) halves.get(1)[2]),
                1e-4));
        assertTrue(whole.beta().gradient().equalsWithEps(((INDArray) halves.get(0)[3]).add((INDArray) halves.get(1)[3]),
                1e-4));
        assertTrue(whole.runningVar().equalsWithEps((INDArray) halves.get(1)[4], 1e-5), "running variance differs");
    }

    @Test
    void aClosedGroupRefusesByName() {
        GlooCollectiveTestHelper.assertClosedRefuses();
    }

    /** Nested so the group above stays open for the other tests. */
    static final class GlooCollectiveTestHelper {
        static void assertClosedRefuses() {
            int port;
            try {
                port = LaunchCommand.freePort();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            GlooCollective one = new GlooCollective(0, 1, "127.0.0.1", port, Duration.ofSeconds(5));
            one.close();
            Exception e = assertThrows(io.github.seer4j.blocks.CollectiveException.class,
                    () -> one.allReduceSum(Nd4j.ones(3)));
            assertTrue(e.getMessage().contains("process group is closed"), e.getMessage());
        }
    }
}
