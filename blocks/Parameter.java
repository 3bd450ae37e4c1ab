package blocks;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor with its gradient buffer (same shape). Layers write gradients into {@link #gradient()} during
 * backward; optimizers read both. The {@link Kind} tells optimizers what the tensor is, e.g. LARS and weight decay
 * usually skip biases and batch-norm parameters.
 */
public final class Parameter {

    /** What a parameter tensor is. */
    public enum Kind {
        CONV_WEIGHT, LINEAR_WEIGHT, BIAS, BN_GAMMA, BN_BETA;

        /** Biases and batch-norm parameters (commonly excluded from weight decay and LARS adaptation). */
        public boolean isBiasOrNorm() {
            return this == BIAS || this == BN_GAMMA || this == BN_BETA;
        }
    }

    private final String name;
    private final Kind kind;
    private final INDArray value;
    private final INDArray gradient;

    public Parameter(String name, Kind kind, INDArray value) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.value = Objects.requireNonNull(value, "value");
        this.gradient = value.ulike();
        this.gradient.assign(0);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public INDArray value() {
        return value;
    }

    public INDArray gradient() {
        return gradient;
    }

    public long size() {
        return value.length();
    }

    public void zeroGradient() {
        gradient.assign(0);
    }

    @Override
    public String toString() {
        return name + " " + kind + " " + java.util.Arrays.toString(value.shape());
    }
}
