package io.github.seer4j.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The head's naming of parameters and buffers (what checkpoints store) and its gradient zeroing. */
class SwavHeadTest {

    @Test
    void buffersAreTheBatchNormsRunningStatisticsByName() {
        SwavHead bn = new SwavHead(new ProjectionHead(new int[] {5, 6, 6, 4}, true, DataType.DOUBLE, 1),
                new Prototypes(3, 4, DataType.DOUBLE, 2));
        assertEquals(List.of("head.0.bn.running_mean", "head.0.bn.running_var", "head.1.bn.running_mean",
                "head.1.bn.running_var"), List.copyOf(bn.buffers().keySet()));
        assertEquals(List.of("head.0.weight", "head.0.bias", "head.0.bn.gamma", "head.0.bn.beta", "head.1.weight",
                "head.1.bias", "head.1.bn.gamma", "head.1.bn.beta", "head.2.weight", "head.2.bias",
                Prototypes.NAME), bn.parameters().stream().map(Parameter::name).toList());
        SwavHead seer = new SwavHead(ProjectionHead.seer(5, 6, 4, DataType.DOUBLE, 1),
                new Prototypes(3, 4, DataType.DOUBLE, 2));
        assertEquals(0, seer.buffers().size());
    }

    @Test
    void backwardAddsUpAndZeroGradientsClearsIt() {
        SwavHead head = new SwavHead(ProjectionHead.swav(2, 3, 2, DataType.DOUBLE, 1),
                new Prototypes(2, 2, DataType.DOUBLE, 2));
        SwavHead.Output out = head.forward(Nd4j.create(new double[][] {{1, 2}, {3, -1}}), Mode.TRAINING);
        INDArray g = Nd4j.create(new double[][] {{0.5, -1}, {2, 0.25}});
        out.backward(g);
        List<INDArray> once = head.parameters().stream().map(p -> p.gradient().dup()).toList();
        assertTrue(once.get(once.size() - 1).norm1Number().doubleValue() > 0);
        out.backward(g); // the same pass again: every gradient doubles
        for (int i = 0; i < once.size(); i++) {
            Parameter p = head.parameters().get(i);
            assertEquals(once.get(i).mul(2), p.gradient(), p.name());
        }
        head.zeroGradients();
        for (Parameter p : head.parameters()) {
            assertEquals(0.0, p.gradient().norm1Number().doubleValue(), 0, p.name());
        }
    }
}
