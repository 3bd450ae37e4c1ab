package io.github.seer4j.regnet.interop;

import io.github.seer4j.blocks.BatchNorm2d;
import io.github.seer4j.designspace.BlockSpec;
import io.github.seer4j.regnet.RegNetNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network as the exporters write it: every convolution with its batch norm folded in (in double precision, from the
 * running statistics: {@code w' = w * gamma / sqrt(var + eps)}, {@code b' = beta - mean * gamma / sqrt(var + eps)}),
 * as FLOAT arrays, so the graph is convolutions with bias, ReLU, the SE gate, sums, a global pool and the head.
 * This is the inference-mode network exactly (up to float rounding).
 */
public record InferenceForm(int inputChannels, Conv stem, List<Block> blocks, INDArray fcWeight, INDArray fcBias) {

    /** A convolution with bias: weight [out, in/groups, k, k], bias [out]. */
    public record Conv(String name, INDArray weight, INDArray bias, int stride, int padding, int groups) {
        public int kernel() {
            return (int) weight.size(2);
        }
    }

    /** Squeeze-Excitation: 1x1 conv {@code reduce} (with ReLU) and {@code expand} (with sigmoid) on the pooled map. */
    public record Se(Conv reduce, Conv expand) {
    }

    /** One residual block: a (ReLU), b (ReLU), optional SE, c, the optional projection, sum, ReLU. */
    public record Block(String name, Conv a, Conv b, Se se, Conv c, Conv proj) {
    }

    /** Whether the network ends with a classifier (else its output is the pooled trunk feature). */
    public boolean hasHead() {
        return fcWeight != null;
    }

    /** The network's inference form (its weights are read now; later changes to the network are not seen). */
    public static InferenceForm of(RegNetNetwork net) {
        Map<String, INDArray> state = net.state();
        Conv stem = folded(state, "stem.conv", "stem.bn", 2, 1, 1);
        List<Block> blocks = new ArrayList<>();
        for (BlockSpec b : net.spec().blocks()) {
            String n = "s" + (b.stage() + 1) + ".b" + (b.index() + 1);
            Se se = null;
            if (b.squeezeExcitation()) {
                String p = n + ".f.se.f_ex.";
                se = new Se(plain(state, p + "0", n + ".f.se.reduce"), plain(state, p + "2", n + ".f.se.expand"));
            }
            blocks.add(new Block(n,
                    folded(state, n + ".f.a", n + ".f.a_bn", 1, 0, 1),
                    folded(state, n + ".f.b", n + ".f.b_bn", b.stride(), 1, b.groups()),
                    se,
                    folded(state, n + ".f.c", n + ".f.c_bn", 1, 0, 1),
                    b.projection() ? folded(state, n + ".proj", n + ".bn", b.stride(), 0, 1) : null));
        }
        INDArray fcW = state.get("head.fc.weight");
        INDArray fcB = state.get("head.fc.bias");
        return new InferenceForm(net.inputChannels(), stem, blocks,
                fcW == null ? null : fcW.castTo(DataType.FLOAT).dup('c'),
                fcB == null ? null : fcB.castTo(DataType.FLOAT).dup('c'));
    }

    private static Conv plain(Map<String, INDArray> state, String name, String label) {
        return new Conv(label, state.get(name + ".weight").castTo(DataType.FLOAT).dup('c'),
                state.get(name + ".bias").castTo(DataType.FLOAT).dup('c'), 1, 0, 1);
    }

    private static Conv folded(Map<String, INDArray> state, String conv, String bn, int stride, int padding,
                               int groups) {
        INDArray w = state.get(conv + ".weight").castTo(DataType.DOUBLE);
        INDArray gamma = state.get(bn + ".weight").castTo(DataType.DOUBLE);
        INDArray beta = state.get(bn + ".bias").castTo(DataType.DOUBLE);
        INDArray mean = state.get(bn + ".running_mean").castTo(DataType.DOUBLE);
        INDArray var = state.get(bn + ".running_var").castTo(DataType.DOUBLE);
        INDArray scale = gamma.div(org.nd4j.linalg.ops.transforms.Transforms.sqrt(var.add(BatchNorm2d.EPS), false));
        long out = w.size(0);
        INDArray fw = w.reshape(out, w.length() / out).mulColumnVector(scale.reshape(out, 1)).reshape(w.shape());
        INDArray fb = beta.sub(mean.mul(scale));
        return new Conv(conv, fw.castTo(DataType.FLOAT).dup('c'), fb.castTo(DataType.FLOAT).dup('c'), stride, padding,
                groups);
    }
}
