package io.github.seer4j.regnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Trunk output at several resolutions, gradient accumulation over two passes, and input validation. */
class ForwardApiTest {

    private static RegNetNetwork trunk() {
        return RegNetNetwork.build(TinyNets.spec(7), RegNetOptions.defaults().withoutHead()
                .withDataType(DataType.DOUBLE).withSeed(4));
    }

    @Test
    void trainingBackwardSkipsOnlyTheImagesGradient() {
        INDArray images = Nd4j.rand(DataType.DOUBLE, 3, 2, 16, 16).castTo(DataType.FLOAT);
        INDArray gradOut = Nd4j.rand(DataType.DOUBLE, 3, 24).castTo(DataType.FLOAT);
        List<List<INDArray>> grads = new ArrayList<>();
        for (boolean withImages : new boolean[] {true, false}) {
            RegNetNetwork net = RegNetNetwork.build(TinyNets.spec(7), RegNetOptions.defaults().withoutHead()
                    .withDataType(DataType.FLOAT).withSeed(4));
            net.zeroGradients();
            ForwardPass pass = net.forward(images, Mode.TRAINING);
            if (withImages) {
                assertArrayEquals(images.shape(), pass.backward(gradOut).shape());
            } else {
                pass.backwardParameters(gradOut);
            }
            List<INDArray> g = new ArrayList<>();
            net.parameters().forEach(p -> g.add(p.gradient().dup()));
            grads.add(g);
        }
        for (int i = 0; i < grads.get(0).size(); i++) { // the same kernels, the same order: bit for bit
            assertEquals(grads.get(0).get(i), grads.get(1).get(i), "parameter " + i);
        }
    }

    @Test
    void trunkGivesPooledLastStageFeaturesAtAnyResolution() {
        RegNetNetwork net = trunk();
        assertEquals(24, net.outputWidth());
        for (int r : new int[] {4, 8, 13, 32}) {
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, r, r);
            assertArrayEquals(new long[] {3, 24}, net.forward(x, Mode.TRAINING).output().shape());
            assertArrayEquals(new long[] {3, 24}, net.output(x).shape());
        }
    }

    @Test
    void twoPassesAccumulateTheSumOfTheirGradients() {
        RegNetNetwork net = trunk();
        INDArray a = Nd4j.rand(DataType.DOUBLE, 4, 2, 8, 8);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 4, 2, 16, 16);
        INDArray ga = Nd4j.rand(DataType.DOUBLE, 4, 24);
        INDArray gb = Nd4j.rand(DataType.DOUBLE, 4, 24);
        List<INDArray> separate = new ArrayList<>();
        net.zeroGradients();
        net.forward(a, Mode.TRAINING).backward(ga);
        net.parameters().forEach(p -> separate.add(p.gradient().dup()));
        net.zeroGradients();
        net.forward(b, Mode.TRAINING).backward(gb);
        for (int i = 0; i < separate.size(); i++) {
            separate.get(i).addi(net.parameters().get(i).gradient());
        }
        net.zeroGradients();
        ForwardPass pa = net.forward(a, Mode.TRAINING);
        ForwardPass pb = net.forward(b, Mode.TRAINING);
        pb.backward(gb);
        pa.backward(ga);
        for (int i = 0; i < separate.size(); i++) {
            Parameter p = net.parameters().get(i);
            assertTrue(separate.get(i).equalsWithEps(p.gradient(), 1e-10), p.name());
        }
        assertThrows(IllegalStateException.class, () -> pa.backward(ga));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void concurrentPassesMatchPassesOneAfterTheOther(DataType type) {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 4, 2, 8, 8).castTo(type);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 6, 2, 5, 5).castTo(type);
        INDArray ga = Nd4j.rand(DataType.DOUBLE, 4, 24).castTo(type);
        INDArray gb = Nd4j.rand(DataType.DOUBLE, 6, 24).castTo(type);
        List<List<INDArray>> results = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            RegNetNetwork net = RegNetNetwork.build(TinyNets.spec(7), RegNetOptions.defaults().withoutHead()
                    .withDataType(type).withSeed(4)).passThreads(threads);
            net.zeroGradients();
            List<ForwardPass> passes = net.forward(List.of(a, b), Mode.TRAINING);
            List<INDArray> r = new ArrayList<>();
            passes.forEach(p -> r.add(p.output().dup()));
            r.addAll(net.backward(passes, List.of(ga, gb)));
            net.parameters().forEach(p -> r.add(p.gradient().dup()));
            net.buffers().values().forEach(v -> r.add(v.dup()));
            results.add(r);
        }
        // FLOAT: a pass that runs beside another gets half the threads, oneDNN's batch-norm statistics are float sums
        // whose order follows the thread count, and the last stages here normalise 4-6 values per channel, which
        // magnifies that rounding in the gradients (up to 3e-4 of the largest value seen over runs)
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-3;
        for (int i = 0; i < results.get(0).size(); i++) {
            INDArray one = results.get(0).get(i), two = results.get(1).get(i);
            double diff = one.sub(two).amaxNumber().doubleValue();
            assertTrue(diff <= tol * Math.max(1, one.amaxNumber().doubleValue()), "tensor " + i + " differs by " + diff);
        }
        assertEquals(results.get(0).size(), results.get(1).size());
    }

    @Test
    void largeGroupsRunOneAfterAnotherSmallOnesConcurrently() {
        int previous = io.github.seer4j.blocks.EngineThreads.threads();
        io.github.seer4j.blocks.EngineThreads.set(2);
        try {
            // RegNetY-400MF: 0.40 G multiply-adds per 224 px image (pycls), about 0.074 G at 96 px, 0.006 G at 28 px
            RegNetNetwork net = RegNetNetwork.build(io.github.seer4j.designspace.RegNet.named("RegNetY-400MF"));
            INDArray large = Nd4j.zeros(DataType.FLOAT, 16, 3, 224, 224); // SEER's 2 x 224 px crops of 8 images
            INDArray medium = Nd4j.zeros(DataType.FLOAT, 48, 3, 96, 96); // and 6 x 96 px: 3.5 G
            INDArray small = Nd4j.zeros(DataType.FLOAT, 16, 3, 28, 28); // 2 x 28 px: 0.1 G
            INDArray tiny = Nd4j.zeros(DataType.FLOAT, 32, 3, 16, 16);
            assertEquals(1, net.passThreadsFor(List.of(large, medium)));
            assertEquals(2, net.passThreadsFor(List.of(small, tiny)));
            assertEquals(2, net.passThreadsFor(List.of(large, tiny))); // the smaller group decides
            assertEquals(2, net.passThreads(2).passThreadsFor(List.of(large, medium))); // a setting holds
        } finally {
            io.github.seer4j.blocks.EngineThreads.set(previous);
        }
    }

    @Test
    void passesOfAnEarlierConcurrentForwardAreRefusedOnceItsMemoryIsReused() {
        RegNetNetwork net = trunk().passThreads(2);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 2, 8, 8);
        INDArray g = Nd4j.rand(DataType.DOUBLE, 3, 24);
        List<ForwardPass> first = net.forward(List.of(a, a), Mode.TRAINING);
        List<ForwardPass> second = net.forward(List.of(a, a), Mode.TRAINING);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.backward(first, List.of(g, g)));
        assertTrue(e.getMessage().contains("back-propagate each list of passes"), e.getMessage());
        assertEquals(2, net.backward(second, List.of(g, g)).size());
    }

    @Test
    void badInputsAreRejectedWithTheFix() {
        RegNetNetwork net = trunk();
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8), Mode.TRAINING));
        assertTrue(channels.getMessage().contains("withInputChannels(3)"), channels.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Nd4j.rand(DataType.FLOAT, 2, 2, 8, 8), Mode.TRAINING));
        assertTrue(type.getMessage().contains("castTo"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegNetOptions.defaults().withDataType(DataType.INT));
    }
}
