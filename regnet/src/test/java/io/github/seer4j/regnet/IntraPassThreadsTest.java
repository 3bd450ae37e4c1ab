package io.github.seer4j.regnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.EngineThreads;
import io.github.seer4j.blocks.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pass's kernels split over threads (images, rows, batch-norm sums per part) give the single-thread results up to
 * float summation order: forward outputs, the input gradient, every parameter gradient and the running statistics.
 */
class IntraPassThreadsTest {

    private final int previous = EngineThreads.threads();

    @AfterEach
    void restore() {
        EngineThreads.set(previous);
        EngineThreads.splitSmallWork(false);
    }

    /** Everything a training pass and an inference pass produce, with the engine on {@code threads} threads. */
    private static List<INDArray> run(int threads, INDArray images, INDArray gradOut) {
        EngineThreads.set(threads);
        EngineThreads.splitSmallWork(true); // the tiny network's layers would otherwise stay on one thread
        RegNetNetwork net = RegNetNetwork.build(TinyNets.spec(7), RegNetOptions.defaults().withSeed(4));
        net.zeroGradients();
        List<INDArray> r = new ArrayList<>();
        ForwardPass pass = net.forward(images, Mode.TRAINING);
        r.add(pass.output().dup());
        r.add(pass.backward(gradOut).dup());
        net.parameters().forEach(p -> r.add(p.gradient().dup()));
        net.buffers().values().forEach(v -> r.add(v.dup()));
        r.add(net.forward(images, Mode.INFERENCE).output().dup());
        return r;
    }

    @Test
    void twoAndThreeThreadsGiveTheSingleThreadResults() {
        Nd4j.getRandom().setSeed(11);
        // 5 images (odd, so parts are uneven) at 20 px: patches (stem, stage 1) and per-pixel products (1x1 maps)
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 2, 20, 20);
        INDArray gradOut = Nd4j.rand(DataType.FLOAT, 5, 7).subi(0.5);
        List<INDArray> one = run(1, images, gradOut);
        for (int threads : new int[] {2, 3}) {
            List<INDArray> many = run(threads, images, gradOut);
            assertEquals(one.size(), many.size());
            for (int i = 0; i < one.size(); i++) {
                double scale = Math.max(1e-3, one.get(i).amaxNumber().doubleValue());
                double diff = one.get(i).sub(many.get(i)).amaxNumber().doubleValue();
                assertTrue(diff <= 2e-5 * scale, threads + " threads: tensor " + i + " differs by " + diff
                        + " (largest magnitude " + scale + ")");
            }
        }
    }

    @Test
    void aSplitRunIsTheSameAtEveryRun() {
        Nd4j.getRandom().setSeed(12);
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 2, 16, 16);
        INDArray gradOut = Nd4j.rand(DataType.FLOAT, 4, 7).subi(0.5);
        List<INDArray> a = run(2, images, gradOut);
        List<INDArray> b = run(2, images, gradOut);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), "tensor " + i + " differs between two runs on 2 threads");
        }
    }
}
