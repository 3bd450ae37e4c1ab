package io.github.seer4j.swav;

import io.github.seer4j.blocks.BatchNorm1d;
import io.github.seer4j.blocks.Layer;
import io.github.seer4j.blocks.Linear;
import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import io.github.seer4j.blocks.Relu;
import io.github.seer4j.blocks.Traced;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The projection MLP: for dims [in, h1, ..., out], every hidden layer is Linear (then BatchNorm if enabled) then ReLU,
 * and the last is Linear. SwAV: [2048, 2048, 128] with BN; SEER: [in, h, h, out] without BN. Layer i is named
 * {@code head.i} and its batch norm {@code head.i.bn}.
 */
public final class ProjectionHead implements Layer {

    private final List<Layer> layers = new ArrayList<>();
    private final int[] dims;

    public ProjectionHead(int[] dims, boolean batchNorm, DataType type, long seed) {
        if (dims.length < 2) {
            throw new IllegalArgumentException("a projection head needs at least [in, out] dims, got "
                    + java.util.Arrays.toString(dims));
        }
        this.dims = dims.clone();
        for (int i = 0; i + 1 < dims.length; i++) {
            layers.add(new Linear("head." + i, dims[i], dims[i + 1], true, type, seed + 7919L * i));
            if (i + 2 < dims.length) {
                if (batchNorm) {
                    layers.add(new BatchNorm1d("head." + i + ".bn", dims[i + 1], type));
                }
                layers.add(new Relu());
            }
        }
    }

    /** SwAV's head: one hidden layer with batch norm. */
    public static ProjectionHead swav(int in, int hidden, int out, DataType type, long seed) {
        return new ProjectionHead(new int[] {in, hidden, out}, true, type, seed);
    }

    /** SEER's head: two hidden layers, no batch norm. */
    public static ProjectionHead seer(int in, int hidden, int out, DataType type, long seed) {
        return new ProjectionHead(new int[] {in, hidden, hidden, out}, false, type, seed);
    }

    public int outputDim() {
        return dims[dims.length - 1];
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** Runs the layers in order on [N, in]; the backward runs their closures in reverse. */
    @Override
    public Traced forward(INDArray x, Mode mode) {
        List<Traced> passes = new ArrayList<>(layers.size());
        INDArray h = x;
        for (Layer l : layers) {
            Traced t = l.forward(h, mode);
            passes.add(t);
            h = t.output();
        }
        return new Traced(h, g -> {
            INDArray d = g;
            for (int i = passes.size() - 1; i >= 0; i--) {
                d = passes.get(i).backward(d);
            }
            return d;
        });
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (Layer l : layers) {
            p.addAll(l.parameters());
        }
        return p;
    }

    /** The batch norms' running statistics, {@code head.i.bn.running_mean} and {@code head.i.bn.running_var}. */
    @Override
    public Map<String, INDArray> buffers() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            m.putAll(l.buffers());
        }
        return m;
    }
}
