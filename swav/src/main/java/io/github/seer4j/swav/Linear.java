package io.github.seer4j.swav;

import io.github.seer4j.blocks.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fully connected layer y = x W^T + b with W [out, in] (PyTorch layout), optionally without bias. */
public final class Linear implements Layer {

    private final Parameter weight;
    private final Parameter bias;
    private INDArray input;

    public Linear(String name, int in, int out, boolean withBias, DataType type, long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(name + ": linear sizes must be >= 1, got " + in + " -> " + out);
        }
        double bound = 1 / Math.sqrt(in);
        weight = new Parameter(name + ".weight", Parameter.Kind.LINEAR_WEIGHT, Init.uniform(type, seed, bound, out, in));
        bias = withBias
                ? new Parameter(name + ".bias", Parameter.Kind.BIAS, Init.uniform(type, seed + 1, bound, 1, out))
                : null;
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        INDArray w = weight.value();
        if (x.size(1) != w.size(1)) {
            throw new IllegalArgumentException(weight.name() + " expects " + w.size(1) + " input features, got "
                    + x.size(1));
        }
        input = x;
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(0));
        Nd4j.gemm(x, w, y, false, true, 1.0, 0.0);
        if (bias != null) {
            y.addiRowVector(bias.value());
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        Nd4j.gemm(gradOut, input, weight.gradient(), true, false, 1.0, 0.0);
        if (bias != null) {
            bias.gradient().assign(gradOut.sum(true, 0));
        }
        INDArray dx = Nd4j.createUninitialized(gradOut.dataType(), gradOut.size(0), weight.value().size(1));
        Nd4j.gemm(gradOut, weight.value(), dx, false, false, 1.0, 0.0);
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(2);
        p.add(weight);
        if (bias != null) {
            p.add(bias);
        }
        return p;
    }
}
