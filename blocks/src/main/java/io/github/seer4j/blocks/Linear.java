package io.github.seer4j.blocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layer y = x W^T + b on [N, in] with W [out, in] (PyTorch layout), optionally without bias; weight and
 * bias start uniform in +-1/sqrt(in) ({@link Init#uniform}, seeds {@code seed} and {@code seed + 1}).
 */
public final class Linear implements Layer {

    private final Parameter weight;
    private final Parameter bias;

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
    public Traced forward(INDArray x, Mode mode) {
        INDArray w = weight.value();
        if (x.rank() != 2 || x.size(1) != w.size(1)) {
            throw new IllegalArgumentException(weight.name() + " expects [N, " + w.size(1) + "] inputs, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(0));
        if (!Blas.product(x, false, w, true, 0f, y)) {
            Nd4j.gemm(x, w, y, false, true, 1.0, 0.0);
        }
        if (bias != null) {
            y.addiRowVector(bias.value());
        }
        return new Traced(y, g -> {
            if (!Blas.product(g, true, x, false, 1f, weight.gradient())) { // the gradient accumulates in place
                INDArray dw = Nd4j.createUninitialized(g.dataType(), w.size(0), w.size(1));
                Nd4j.gemm(g, x, dw, true, false, 1.0, 0.0);
                weight.gradient().addi(dw);
            }
            if (bias != null) {
                bias.gradient().addi(g.sum(true, 0));
            }
            INDArray dx = Nd4j.createUninitialized(g.dataType(), g.size(0), w.size(1));
            if (!Blas.product(g, false, w, false, 0f, dx)) {
                Nd4j.gemm(g, w, dx, false, false, 1.0, 0.0);
            }
            return dx;
        });
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

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }
}
