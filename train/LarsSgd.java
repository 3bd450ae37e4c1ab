package train;

import blocks.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD with momentum and weight decay, optionally wrapped in LARC as SwAV uses it (NVIDIA apex's LARC, clip off):
 * for each parameter tensor with non-zero weight and gradient norms, the gradient plus weight decay is scaled by
 * {@code trust * |w| / (|g| + weightDecay * |w| + eps)}; tensors with a zero norm keep the plain update (the zero-norm
 * rule, and no weight decay for them either). The momentum step then is PyTorch's: {@code buf = momentum * buf + g; w -= lr * buf}.
 */
public final class LarsSgd {
    private static final double EPS = 1e-8;

    private final double momentum;
    private final double weightDecay;
    private final double trustCoefficient;
    private final boolean clip;
    private final boolean excludeBiasAndNorm;
    private final Map<String, INDArray> velocity = new LinkedHashMap<>();

    /**
     * @param trustCoefficient LARC's trust coefficient (SwAV: 0.001); 0 turns LARC off (plain SGD)
     * @param clip             LARC's clip mode: the adaptive rate never exceeds the global one
     * @param excludeBiasAndNorm no weight decay and no LARC scaling for biases and batch-norm parameters
     */
    public LarsSgd(double momentum, double weightDecay, double trustCoefficient, boolean clip,
                   boolean excludeBiasAndNorm) {
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || !(trustCoefficient >= 0)) {
            throw new IllegalArgumentException("need 0 <= momentum < 1, weightDecay >= 0, trust >= 0; got " + momentum
                    + ", " + weightDecay + ", " + trustCoefficient);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.trustCoefficient = trustCoefficient;
        this.clip = clip;
        this.excludeBiasAndNorm = excludeBiasAndNorm;
    }

    /** SwAV's optimizer: momentum 0.9, weight decay 1e-6, LARC with trust 0.001, no clipping, on every tensor. */
    public static LarsSgd swav() {
        return new LarsSgd(0.9, 1e-6, 0.001, false, false);
    }

    /** Plain SGD with momentum and weight decay (biases and BN excluded from decay), as for supervised training. */
    public static LarsSgd sgd(double momentum, double weightDecay) {
        return new LarsSgd(momentum, weightDecay, 0, false, true);
    }

    /** One update of every parameter from its gradient, at learning rate {@code lr}. */
    public void step(List<Parameter> parameters, double lr) {
        for (Parameter p : parameters) {
            step(p, lr);
        }
    }

    private void step(Parameter p, double lr) {
        INDArray w = p.value();
        INDArray g = p.gradient().dup();
        boolean plain = excludeBiasAndNorm && p.kind().isBiasOrNorm();
        if (trustCoefficient > 0 && !plain) {
            // apex LARC: the wrapped SGD's own weight decay is switched off; decay and scaling happen here, and only
            // when both norms are non-zero (otherwise the raw gradient is used)
            double wNorm = w.norm2Number().doubleValue();
            double gNorm = g.norm2Number().doubleValue();
            if (wNorm != 0 && gNorm != 0) {
                double adaptive = trustCoefficient * wNorm / (gNorm + wNorm * weightDecay + EPS);
                if (clip) {
                    adaptive = Math.min(adaptive / lr, 1);
                }
                g.addi(w.mul(weightDecay)).muli(adaptive);
            }
        } else if (!plain && weightDecay != 0) {
            g.addi(w.mul(weightDecay));
        }
        INDArray buf = velocity.get(p.name());
        if (buf == null) {
            // PyTorch: the first step's buffer is the gradient itself; it outlives any step workspace
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buf = g.dup();
            }
            velocity.put(p.name(), buf);
        } else {
            buf.muli(momentum).addi(g);
        }
        w.subi(buf.mul(lr));
    }

    /** Momentum buffers by parameter name (for checkpoints). */
    public Map<String, INDArray> state() {
        return velocity;
    }

    /** Restores momentum buffers written by {@link #state()}. */
    public void load(Map<String, INDArray> state) {
        velocity.clear();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            state.forEach((k, v) -> velocity.put(k, v.dup()));
        }
    }
}
