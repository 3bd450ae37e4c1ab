package io.github.seer4j.regnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Kernels;
import io.github.seer4j.blocks.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole network in FLOAT on the CPU's Java kernels against the same network on ND4J's native ops (the path whose
 * gradients GradientCheckTest verifies by finite differences in double): outputs, the input gradient, every parameter
 * gradient and every running statistic agree to float rounding, in training and in inference mode.
 */
class EnginePathsTest {

    @AfterEach
    void restore() {
        Kernels.useJavaKernels(true);
    }

    @ParameterizedTest(name = "resolution {0}")
    @ValueSource(ints = {6, 13, 32})
    void javaKernelsAgreeWithNativeOps(int resolution) {
        Nd4j.getRandom().setSeed(21);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, resolution, resolution).subi(0.5);
        INDArray weights = Nd4j.rand(DataType.FLOAT, 5, 3).subi(0.5);
        List<INDArray> java = run(true, x, weights);
        List<INDArray> nat = run(false, x, weights);
        assertEquals(nat.size(), java.size());
        for (int i = 0; i < java.size(); i++) {
            INDArray a = java.get(i), b = nat.get(i);
            double scale = Math.max(1e-3, b.amaxNumber().doubleValue());
            double diff = a.sub(b).amaxNumber().doubleValue();
            assertTrue(diff <= 2e-4 * scale, "tensor " + i + ": max difference " + diff + " at scale " + scale);
        }
    }

    /** Training output, input gradient, parameter gradients, running statistics, then the inference output. */
    private static List<INDArray> run(boolean javaKernels, INDArray x, INDArray weights) {
        Kernels.useJavaKernels(javaKernels);
        RegNetNetwork net = RegNetNetwork.build(TinyNets.spec(3), RegNetOptions.defaults().withSeed(5));
        List<INDArray> out = new ArrayList<>();
        ForwardPass pass = net.forward(x, Mode.TRAINING);
        out.add(pass.output().dup());
        out.add(pass.backward(weights));
        net.parameters().forEach(p -> out.add(p.gradient().dup()));
        net.buffers().values().forEach(b -> out.add(b.dup()));
        out.add(net.output(x));
        return out;
    }
}
