package io.github.seer4j.blocks;

import java.util.Objects;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    /** Per-pass gradient buffers of concurrent passes ({@link PassContext} slots 1..), created on first use. */
    private volatile INDArray[] slots = new INDArray[0];

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

    /**
     * The gradient buffer: the shared one, or, inside a {@link PassContext} of slot {@code > 0} (a pass running
     * concurrently with others), that pass's own buffer, summed into the shared one by {@link #mergeSlot}.
     */
    public INDArray gradient() {
        PassContext c = PassContext.current();
        return c == null || c.slot() == 0 ? gradient : slot(c.slot());
    }

    private INDArray slot(int slot) {
        INDArray[] s = slots;
        if (slot <= s.length && s[slot - 1] != null) {
            return s[slot - 1];
        }
        synchronized (this) {
            s = slots;
            if (slot > s.length) {
                s = java.util.Arrays.copyOf(s, slot);
            }
            if (s[slot - 1] == null) {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    s[slot - 1] = gradient.ulike().assign(0);
                }
            }
            slots = s;
            return s[slot - 1];
        }
    }

    /** Adds what a concurrent pass accumulated in {@code slot} (1..) to the shared gradient, and zeroes that slot. */
    public void mergeSlot(int slot) {
        INDArray[] s = slots;
        if (slot < 1 || slot > s.length || s[slot - 1] == null) {
            return;
        }
        INDArray g = s[slot - 1];
        if (HostArrays.usable(gradient, g) && HostArrays.isDense(gradient) && HostArrays.isDense(g)) {
            Blas.addInto(Math.toIntExact(g.length()), g, 0, gradient, 0);
            HostArrays.zero(g);
        } else {
            gradient.addi(g);
            g.assign(0);
        }
    }

    public long size() {
        return value.length();
    }

    public void zeroGradient() {
        if (HostArrays.usable(gradient) && HostArrays.isDense(gradient)) {
            HostArrays.zero(gradient);
        } else {
            gradient.assign(0);
        }
    }

    @Override
    public String toString() {
        return name + " " + kind + " " + java.util.Arrays.toString(value.shape());
    }
}
