package train;

import blocks.Parameter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with momentum wrapped in LARC as SwAV uses it (apex LARC, clip mode): per parameter tensor, when both the
 * parameter and gradient norms are non-zero, g = (g + wd * w) * min(trust * |w| / (|g| + wd |w| + eps) / lr, 1);
 * otherwise g is left as it is (ratio 1, no weight decay). Then buf = momentum * buf + g, w -= lr * buf.
 */
public final class LarsSgd {

    private final double momentum;
    private final double weightDecay;
    private final double trust;
    private final double eps;
    private final boolean clip;
    private final Map<String, INDArray> buffers = new LinkedHashMap<>();

    public LarsSgd(double momentum, double weightDecay, double trust, boolean clip) {
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (weightDecay < 0 || trust <= 0) {
            throw new IllegalArgumentException("weight decay must be >= 0 and the trust coefficient > 0, got "
                    + weightDecay + ", " + trust);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.trust = trust;
        this.eps = 1e-8;
        this.clip = clip;
    }

    /** SwAV's settings: momentum 0.9, weight decay 1e-6, trust 0.001, clipping on. */
    public static LarsSgd swav() {
        return new LarsSgd(0.9, 1e-6, 0.001, true);
    }

    /** The LARC factor applied to the (decayed) gradient of one tensor at learning rate {@code lr}. */
    public double ratio(double paramNorm, double gradNorm, double lr) {
        if (paramNorm == 0 || gradNorm == 0) {
            return 1;
        }
        double adaptive = trust * paramNorm / (gradNorm + paramNorm * weightDecay + eps);
        return clip ? Math.min(adaptive / lr, 1) : adaptive;
    }

    /** One update of the given parameters (those left out, e.g. frozen prototypes, keep value and momentum). */
    public void step(Collection<Parameter> params, double lr) {
        for (Parameter p : params) {
            INDArray w = p.value();
            INDArray g = p.gradient().dup();
            double wn = w.norm2Number().doubleValue();
            double gn = g.norm2Number().doubleValue();
            if (wn != 0 && gn != 0) {
                if (weightDecay != 0) {
                    g.addi(w.mul(weightDecay));
                }
                g.muli(ratio(wn, gn, lr));
            }
            INDArray buf = buffers.get(p.name());
            if (buf == null) {
                buf = g; // PyTorch SGD: the first step's buffer is the gradient itself
                buffers.put(p.name(), buf);
            } else {
                buf.muli(momentum).addi(g);
            }
            w.subi(buf.mul(lr));
        }
    }

    /** Momentum buffers by parameter name (for checkpoints). */
    public Map<String, INDArray> state() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    /** Restores momentum buffers saved by {@link #state()}. */
    public void load(Map<String, INDArray> state) {
        buffers.clear();
        state.forEach((k, v) -> buffers.put(k, v.dup()));
    }
}
