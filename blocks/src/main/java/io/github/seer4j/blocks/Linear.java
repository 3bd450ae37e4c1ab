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

    /** The bias-free map y = x W^T over an existing weight [out, in] (e.g. SwAV's prototypes). */
    public Linear(Parameter weight) {
        this(weight, null);
    }

    /**
     * y = x W^T + b over existing parameters: weight [out, in], bias of out values (any shape; null for none), e.g.
     * the classifier of {@link Head}.
     */
    public Linear(Parameter weight, Parameter bias) {
        if (weight.value().rank() != 2) {
            throw new IllegalArgumentException(weight.name() + ": a linear map needs a [out, in] weight, got "
                    + java.util.Arrays.toString(weight.value().shape()));
        }
        if (bias != null && bias.value().length() != weight.value().size(0)) {
            throw new IllegalArgumentException(bias.name() + ": " + bias.value().length() + " values for "
                    + weight.value().size(0) + " outputs");
        }
        this.weight = weight;
        this.bias = bias;
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
            addBias(y);
        }
        return new Traced(y, g -> {
            if (!Blas.product(g, true, x, false, 1f, weight.gradient())) { // the gradient accumulates in place
                INDArray dw = Nd4j.createUninitialized(g.dataType(), w.size(0), w.size(1));
                Nd4j.gemm(g, x, dw, true, false, 1.0, 0.0);
                weight.gradient().addi(dw);
            }
            if (bias != null) {
                addBiasGradient(g);
            }
            INDArray dx = Nd4j.createUninitialized(g.dataType(), g.size(0), w.size(1));
            if (!Blas.product(g, false, w, false, 0f, dx)) {
                Nd4j.gemm(g, w, dx, false, false, 1.0, 0.0);
            }
            return dx;
        });
    }

    /** y[r] += b for every row r. */
    private void addBias(INDArray y) {
        if (!HostArrays.usable(y, bias.value()) || !HostArrays.isDense(y)) {
            y.addiRowVector(bias.value().reshape(1, y.size(1)));
            return;
        }
        int rows = (int) y.size(0);
        int cols = (int) y.size(1);
        float[] b = HostArrays.read(bias.value(), HostArrays.scratch(0, cols));
        float[] v = HostArrays.read(y, HostArrays.scratch(1, rows * cols));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] += b[c];
            }
        }
        HostArrays.write(v, y);
    }

    /** The bias gradient += the column sums of g (summed in double). */
    private void addBiasGradient(INDArray g) {
        if (!HostArrays.usable(g, bias.gradient())) {
            bias.gradient().addi(g.sum(true, 0).reshape(bias.gradient().shape()));
            return;
        }
        int rows = (int) g.size(0);
        int cols = (int) g.size(1);
        float[] v = HostArrays.read(g, HostArrays.scratch(1, rows * cols));
        double[] sums = HostArrays.doubleScratch(cols);
        java.util.Arrays.fill(sums, 0, cols, 0);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                sums[c] += v[r * cols + c];
            }
        }
        float[] out = HostArrays.scratch(0, cols);
        for (int c = 0; c < cols; c++) {
            out[c] = (float) sums[c];
        }
        HostArrays.addInto(out, bias.gradient());
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
