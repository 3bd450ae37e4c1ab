package io.github.seer4j.train;

import io.github.seer4j.blocks.EngineThreads;
import io.github.seer4j.blocks.HostArrays;
import io.github.seer4j.blocks.Parameter;
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
 * On the CPU (FLOAT) each tensor's update is one fused Java loop over bulk copies (a native op per term of the formula
 * cost ~10-20 microseconds each, 9 per tensor: 88 ms a step for the 300 tensors of the quickstart model), the tensors
 * shared out over the engine's threads.
 */
public final class LarsSgd {
    private static final double EPS = 1e-8;

    private final double momentum;
    private final double weightDecay;
    private final double trustCoefficient;
    private final boolean clip;
    private final boolean excludeBiasAndNorm;
    private final Map<String, INDArray> velocity = new LinkedHashMap<>();
    /** Values a tensor's update reads and writes at a time: three such arrays stay in a core's L2 cache. */
    private static final int CHUNK = 1 << 14;
    /** Independent running sums in {@link #sumSquares}: enough for the adds of consecutive values to overlap. */
    private static final int LANES = 8;
    /** Per part of a step's split: reused arrays for a chunk of weights, gradient and momentum. */
    private float[][][] scratch = new float[0][3][CHUNK];
    /** Per part: the lanes of the two norms' sums of squares. */
    private double[][][] laneSums = new double[0][2][LANES];
    /** Per tensor of the step being made: its momentum buffer (null once updated natively) and first-step flag. */
    private INDArray[] stepBuffers = new INDArray[0];
    private INDArray[] stepGradients = new INDArray[0];
    private boolean[] stepFirst = new boolean[0];

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

    /**
     * One update of every parameter from its gradient, at learning rate {@code lr}. On the CPU (FLOAT) the tensors are
     * split into {@link EngineThreads} parts of about equal size, each tensor updated whole by one thread, so the
     * result does not depend on the thread count.
     */
    public void step(List<Parameter> parameters, double lr) {
        int count = parameters.size();
        if (stepBuffers.length < count) {
            stepBuffers = new INDArray[count];
            stepGradients = new INDArray[count];
            stepFirst = new boolean[count];
        }
        long total = 0;
        for (int i = 0; i < count; i++) { // ND4J work (new momentum buffers, the native path) on this thread
            Parameter p = parameters.get(i);
            INDArray buf = velocity.get(p.name());
            stepFirst[i] = buf == null;
            if (buf == null) {
                // PyTorch: the first step's buffer is the gradient itself; it outlives any step workspace
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    buf = Nd4j.createUninitialized(p.value().dataType(), p.value().shape());
                }
                velocity.put(p.name(), buf);
            }
            if (HostArrays.usable(p.value(), p.gradient(), buf)) {
                stepBuffers[i] = buf;
                stepGradients[i] = p.gradient(); // read here: a gradient is looked up per thread
                total += p.value().length();
            } else {
                stepNative(p, buf, stepFirst[i], lr);
                stepBuffers[i] = null;
            }
        }
        int parts = Math.max(1, Math.min(count, EngineThreads.parts(total, 1 << 16)));
        if (scratch.length < parts) {
            scratch = new float[parts][3][CHUNK];
            laneSums = new double[parts][2][LANES];
        }
        long perPart = Math.max(1, (total + parts - 1) / parts);
        float[][][] arrays = scratch;
        double[][][] sums = laneSums;
        EngineThreads.run(parts, part -> {
            long before = 0; // tensor i belongs to the part its first element falls in
            for (int i = 0; i < count; i++) {
                if (stepBuffers[i] == null) {
                    continue;
                }
                Parameter p = parameters.get(i);
                if (Math.min(parts - 1, before / perPart) == part) {
                    stepHost(p, stepGradients[i], stepBuffers[i], stepFirst[i], lr, arrays[part], sums[part]);
                }
                before += p.value().length();
            }
        });
        java.util.Arrays.fill(stepBuffers, 0, count, null);
        java.util.Arrays.fill(stepGradients, 0, count, null);
    }

    /**
     * The scaled gradient is {@code scale * (g + decay * w)}; this returns {scale, decay} for a tensor with these
     * norms (apex LARC: decay and scaling only when both norms are non-zero, else the raw gradient).
     */
    private double[] scaleAndDecay(Parameter p, double wNorm, double gNorm, double lr) {
        boolean plain = excludeBiasAndNorm && p.kind().isBiasOrNorm();
        if (trustCoefficient > 0 && !plain) {
            if (wNorm == 0 || gNorm == 0) {
                return new double[] {1, 0};
            }
            double adaptive = trustCoefficient * wNorm / (gNorm + wNorm * weightDecay + EPS);
            if (clip) {
                adaptive = Math.min(adaptive / lr, 1);
            }
            return new double[] {adaptive, weightDecay};
        }
        return new double[] {1, plain ? 0 : weightDecay};
    }

    private boolean needsNorms(Parameter p) {
        return trustCoefficient > 0 && !(excludeBiasAndNorm && p.kind().isBiasOrNorm());
    }

    /**
     * The CPU path for one tensor, a chunk at a time through a part's reused arrays (no heap garbage; each value is
     * read from memory twice, for the norms and for the update, and written once): the norms, then one fused loop.
     */
    private void stepHost(Parameter p, INDArray gradient, INDArray bufArray, boolean firstStep, double lr,
                          float[][] arrays, double[][] laneSums) {
        INDArray value = p.value();
        int n = Math.toIntExact(value.length());
        float[] w = arrays[0];
        float[] g = arrays[1];
        float[] buf = arrays[2];
        double[] sd;
        if (needsNorms(p)) {
            double[] wSums = laneSums[0];
            double[] gSums = laneSums[1];
            java.util.Arrays.fill(wSums, 0);
            java.util.Arrays.fill(gSums, 0);
            for (int from = 0; from < n; from += CHUNK) {
                int len = Math.min(CHUNK, n - from);
                sumSquares(HostArrays.read(value, from, len, w, 0), len, wSums);
                sumSquares(HostArrays.read(gradient, from, len, g, 0), len, gSums);
            }
            sd = scaleAndDecay(p, norm(wSums), norm(gSums), lr);
        } else {
            sd = scaleAndDecay(p, 0, 0, lr);
        }
        float scale = (float) sd[0];
        float decay = (float) sd[1];
        float mom = firstStep ? 0f : (float) momentum;
        float step = (float) lr;
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            HostArrays.read(value, from, len, w, 0);
            HostArrays.read(gradient, from, len, g, 0);
            if (firstStep) {
                java.util.Arrays.fill(buf, 0, len, 0f);
            } else {
                HostArrays.read(bufArray, from, len, buf, 0);
            }
            for (int i = 0; i < len; i++) {
                buf[i] = mom * buf[i] + scale * (g[i] + decay * w[i]);
                w[i] -= step * buf[i];
            }
            HostArrays.write(buf, 0, bufArray, from, len);
            HostArrays.write(w, 0, value, from, len);
        }
    }

    /**
     * Adds the squares of v[0 .. n) to sums: position i to sums[i % LANES] (n is a multiple of LANES but at the end,
     * so over a tensor's chunks each lane sums the same positions whatever the chunking).
     */
    private static void sumSquares(float[] v, int n, double[] sums) {
        double s0 = sums[0];
        double s1 = sums[1];
        double s2 = sums[2];
        double s3 = sums[3];
        double s4 = sums[4];
        double s5 = sums[5];
        double s6 = sums[6];
        double s7 = sums[7];
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            s0 += (double) v[i] * v[i];
            s1 += (double) v[i + 1] * v[i + 1];
            s2 += (double) v[i + 2] * v[i + 2];
            s3 += (double) v[i + 3] * v[i + 3];
            s4 += (double) v[i + 4] * v[i + 4];
            s5 += (double) v[i + 5] * v[i + 5];
            s6 += (double) v[i + 6] * v[i + 6];
            s7 += (double) v[i + 7] * v[i + 7];
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
        sums[4] = s4;
        sums[5] = s5;
        sums[6] = s6;
        sums[7] = s7;
        for (int lane = 0; i < n; i++, lane++) {
            sums[lane] += (double) v[i] * v[i];
        }
    }

    /** The square root of the lanes' sum, added in lane order. */
    private static double norm(double[] sums) {
        double s = 0;
        for (double lane : sums) {
            s += lane;
        }
        return Math.sqrt(s);
    }

    /** The backend-neutral path: native ops. */
    private void stepNative(Parameter p, INDArray buf, boolean firstStep, double lr) {
        INDArray w = p.value();
        INDArray g = p.gradient();
        double[] sd = needsNorms(p) ? scaleAndDecay(p, w.norm2Number().doubleValue(),
                g.norm2Number().doubleValue(), lr) : scaleAndDecay(p, 0, 0, lr);
        INDArray scaled = g.mul(sd[0]);
        if (sd[1] != 0) {
            scaled.addi(w.mul(sd[0] * sd[1]));
        }
        if (firstStep) {
            buf.assign(scaled);
        } else {
            buf.muli(momentum).addi(scaled);
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
