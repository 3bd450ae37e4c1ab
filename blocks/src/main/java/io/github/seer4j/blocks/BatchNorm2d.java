package io.github.seer4j.blocks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the channel (last) axis of NHWC tensors with PyTorch's semantics: training normalises with
 * the batch's mean and biased variance and updates the running statistics with momentum 0.1 (the running variance
 * gets the unbiased batch variance); inference normalises with the running statistics. eps = 1e-5, gamma 1, beta 0.
 * It can be fused with the ReLU after it ({@link #forwardRelu}) and with a residual sum before that ReLU
 * ({@link #forwardAddRelu}), as RegNet uses it. On the CPU (FLOAT) training runs on oneDNN ({@link OneDnnBatchNorm});
 * inference, synchronised batch norm and {@code -Dseer4j.kernels=java} run {@link BatchNormKernel}'s loops over bulk
 * copies; elsewhere (CUDA, DOUBLE) ND4J's native moments/batchnorm/batchnorm_bp ops.
 */
public final class BatchNorm2d implements Layer {

    public static final double EPS = 1e-5;
    public static final double MOMENTUM = 0.1;
    /** Values per thread below which a batch norm runs on one thread (the split costs more than it saves). */
    private static final int MIN_PART_VALUES = 1 << 17;

    /** Output of {@link #forwardAddRelu} and the backward through it, which returns both inputs' gradients. */
    public record ResidualPass(INDArray output, Function<INDArray, InputGradients> backprop) {
    }

    /** dLoss/dInput and dLoss/dResidual (null when the pass had no residual). */
    public record InputGradients(INDArray input, INDArray residual) {
    }

    private final String name;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final INDArray runningMean;
    private final INDArray runningVar;
    /** oneDNN plans by (batch, height, width, ReLU, residual, threads). */
    private final java.util.concurrent.ConcurrentHashMap<List<Long>, OneDnnBatchNorm> plans =
            new java.util.concurrent.ConcurrentHashMap<>();

    public BatchNorm2d(String name, int channels, Init init) {
        this(name, channels, new Parameter(name + ".weight", Parameter.Kind.BN_GAMMA, init.constant(1, channels)),
                new Parameter(name + ".bias", Parameter.Kind.BN_BETA, init.constant(0, channels)),
                init.constant(0, channels), init.constant(1, channels));
    }

    /**
     * A batch norm over another layer's parameters and running statistics (dense, C values each, any shape): the
     * kernels of {@link BatchNorm1d} on the CPU's FLOAT path.
     */
    BatchNorm2d(String name, int channels, Parameter gamma, Parameter beta, INDArray runningMean,
                INDArray runningVar) {
        this.name = name;
        this.channels = channels;
        this.gamma = gamma;
        this.beta = beta;
        this.runningMean = runningMean;
        this.runningVar = runningVar;
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    /** Running mean [C] (updated in place by training passes). */
    public INDArray runningMean() {
        return runningMean;
    }

    /** Running variance [C] (updated in place by training passes). */
    public INDArray runningVar() {
        return runningVar;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public Map<String, INDArray> buffers() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(name + ".running_mean", runningMean);
        m.put(name + ".running_var", runningVar);
        return m;
    }

    @Override
    public Traced forward(INDArray x, Mode mode) {
        return single(run(x, null, false, mode, false));
    }

    /**
     * The rows of [N, C] as N images of one pixel, on the CPU's FLOAT path only ({@link HostArrays#usable}): oneDNN's
     * kernels in training, {@link BatchNormKernel}'s loops in inference and synchronised batch norm.
     */
    Traced forwardRows(INDArray x, Mode mode) {
        if (x.rank() != 2 || x.size(1) != channels || !HostArrays.usable(x)) {
            throw new IllegalArgumentException(name + ": expected FLOAT [N, " + channels + "] rows on the CPU, got "
                    + x.dataType() + " " + java.util.Arrays.toString(x.shape()));
        }
        return single(run(x, null, false, mode, true));
    }

    /** max(bn(x), 0) in one layer; the same result as {@link #forward} followed by a ReLU. */
    public Traced forwardRelu(INDArray x, Mode mode) {
        return single(run(x, null, true, mode, false));
    }

    /** max(bn(x) + residual, 0) in one layer, as a residual block ends; the backward returns both gradients. */
    public ResidualPass forwardAddRelu(INDArray x, INDArray residual, Mode mode) {
        if (residual == null || !java.util.Arrays.equals(residual.shape(), x.shape())) {
            throw new IllegalArgumentException(name + ": the residual must have the input's shape "
                    + java.util.Arrays.toString(x.shape()) + ", got "
                    + (residual == null ? "null" : java.util.Arrays.toString(residual.shape())));
        }
        return run(x, residual, true, mode, false);
    }

    private static Traced single(ResidualPass pass) {
        return new Traced(pass.output(), g -> pass.backprop().apply(g).input());
    }

    /** @param rows x is [N, C] rows ({@link #forwardRows}, which checked them), else NHWC images */
    private ResidualPass run(INDArray x, INDArray residual, boolean relu, Mode mode, boolean rows) {
        if (!rows && (x.rank() != 4 || x.size(3) != channels)) {
            throw new IllegalArgumentException(name + ": expected an NHWC input with " + channels
                    + " channels, got shape " + java.util.Arrays.toString(x.shape()));
        }
        long count = x.length() / channels;
        if (mode.training() && count < 2) {
            throw new IllegalArgumentException(name + ": training-mode batch norm needs more than one value per "
                    + "channel (batch x height x width = " + count + "); use a larger batch or inference mode");
        }
        long t0 = StepProfile.start();
        boolean host = HostArrays.usable(x) && (residual == null || HostArrays.usable(residual));
        ResidualPass pass = !host ? runNative(x, residual, relu, mode.training())
                : mode.training() && SyncBatchNorm.current() == null && OneDnn.enabled()
                ? runOneDnn(x, residual, relu) : runHost(x, residual, relu, mode.training());
        StepProfile.stop(StepProfile.Part.BATCH_NORM_FORWARD, t0);
        return new ResidualPass(pass.output(), g -> {
            long t1 = StepProfile.start();
            InputGradients grads = pass.backprop().apply(g);
            StepProfile.stop(StepProfile.Part.BATCH_NORM_BACKWARD, t1);
            return grads;
        });
    }

    /**
     * Training on the CPU without a process group: oneDNN's kernels ({@link OneDnnBatchNorm}); a geometry for which
     * oneDNN has only reference loops runs the Java kernel.
     */
    private ResidualPass runOneDnn(INDArray x, INDArray residual, boolean relu) {
        INDArray xd = HostArrays.dense(x);
        INDArray rd = residual == null ? null : HostArrays.dense(residual);
        long n = x.size(0);
        long h = x.rank() == 4 ? x.size(1) : 1;
        long w = x.rank() == 4 ? x.size(2) : 1;
        int threads = OneDnn.threadsForValues(n * h * w * channels);
        OneDnnBatchNorm plan = plans.computeIfAbsent(List.of(n, h, w, relu ? 1L : 0L, residual == null ? 0L : 1L,
                (long) threads), key -> OneDnn.planned(threads,
                        () -> new OneDnnBatchNorm(n, h, w, channels, relu, residual != null)));
        if (!plan.jit) {
            return runHost(x, residual, relu, true);
        }
        KernelMemory gammaBeta = KernelMemory.floats(2L * channels);
        gammaBeta.copyFrom(gamma.value(), 0, channels);
        gammaBeta.copyFrom(beta.value(), channels, channels);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        OneDnnBatchNorm.Saved saved = plan.forward(xd, gammaBeta, rd, y);
        updateRunningStatistics(saved.mean(), saved.variance(), x.length() / channels);
        return new ResidualPass(y, g -> {
            INDArray gd = HostArrays.dense(g);
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            INDArray dSum = residual == null ? null : Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            KernelMemory dGammaBeta = KernelMemory.floats(2L * channels);
            plan.backward(xd, y, gammaBeta, saved, gd, dSum, dx, dGammaBeta);
            Blas.addInto(channels, dGammaBeta, 0, gamma.gradient(), 0);
            Blas.addInto(channels, dGammaBeta, channels, beta.gradient(), 0);
            return new InputGradients(dx, dSum);
        });
    }

    /**
     * The CPU path: {@link BatchNormKernel} over bulk copies, the rows split into {@link EngineThreads} parts; the
     * per-channel sums (of x, of (x - mean)^2, and in the backward of dy and dy * (x - mean)) are added over the parts
     * in order before anything is normalised, so every part normalises with the whole batch's statistics.
     */
    private ResidualPass runHost(INDArray x, INDArray residual, boolean relu, boolean training) {
        int len = Math.toIntExact(x.length());
        int rows = len / channels;
        int parts = Math.min(rows, EngineThreads.parts(len, MIN_PART_VALUES));
        BatchNormKernel[] kernels = new BatchNormKernel[parts];
        for (int p = 0; p < parts; p++) {
            int r0 = EngineThreads.split(rows, parts, p);
            kernels[p] = new BatchNormKernel(EngineThreads.split(rows, parts, p + 1) - r0, channels, r0);
        }
        INDArray xd = HostArrays.dense(x);
        INDArray rd = residual == null ? null : HostArrays.dense(residual);
        float[] xs = HostArrays.scratch(0, len);
        double[][] partSums = new double[parts][channels];
        double[] mean = new double[channels];
        double[] var = new double[channels];
        EngineThreads.run(parts, p -> {
            readRows(xd, xs, rows, parts, p);
            if (training) {
                kernels[p].sums(xs, null, partSums[p]);
            }
        });
        Collective sync = training ? SyncBatchNorm.current() : null;
        long count = training ? reduceSums(partSums, mean, rows, sync) : rows;
        if (training) {
            EngineThreads.run(parts, p -> kernels[p].sums(xs, mean, partSums[p]));
            reduceSums(partSums, var, rows, sync); // the same (global) count again
            updateRunningStatistics(mean, var, count);
        } else {
            float[] rm = HostArrays.read(runningMean);
            float[] rv = HostArrays.read(runningVar);
            for (int c = 0; c < channels; c++) {
                mean[c] = rm[c];
                var[c] = rv[c];
            }
        }
        double[] invStd = new double[channels];
        float[] gammaValues = HostArrays.read(gamma.value());
        float[] betaValues = HostArrays.read(beta.value());
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            invStd[c] = 1.0 / Math.sqrt(var[c] + EPS);
            scale[c] = (float) (gammaValues[c] * invStd[c]);
            shift[c] = (float) (betaValues[c] - mean[c] * gammaValues[c] * invStd[c]);
        }
        float[] rs = residual == null ? null : HostArrays.scratch(2, len);
        float[] ys = HostArrays.scratch(1, len);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        EngineThreads.run(parts, p -> {
            if (rs != null) {
                readRows(rd, rs, rows, parts, p);
            }
            kernels[p].normalize(xs, ys, scale, shift, rs, relu);
            writeRows(ys, y, rows, parts, p);
        });
        return new ResidualPass(y, g -> {
            INDArray gd = HostArrays.dense(g);
            float[] xb = HostArrays.scratch(0, len);
            float[] gb = HostArrays.scratch(1, len);
            float[] yb = relu ? HostArrays.scratch(2, len) : null;
            float[] dxs = residual == null ? gb : HostArrays.scratch(3, len);
            double[][] sumG = new double[parts][channels];
            double[][] sumGx = new double[parts][channels];
            EngineThreads.run(parts, p -> {
                readRows(xd, xb, rows, parts, p);
                readRows(gd, gb, rows, parts, p);
                if (yb != null) {
                    readRows(y, yb, rows, parts, p);
                }
                kernels[p].backwardSums(xb, gb, yb, mean, sumG[p], sumGx[p]);
            });
            double[] sg = new double[channels];
            double[] sgx = new double[channels];
            sumParts(sumG, sg, 1);
            sumParts(sumGx, sgx, 1);
            float[] dGamma = new float[channels];
            float[] dBeta = new float[channels];
            double[][] factors = BatchNormKernel.backwardFactors(sg, sgx, count, invStd, gammaValues, training,
                    dGamma, dBeta); // dGamma, dBeta: this process's share (the gradient reduction adds the others')
            if (sync != null) { // dx needs the sums of dy and dy * (x - mean) over every process's rows
                double[] sums = new double[2 * channels];
                System.arraycopy(sg, 0, sums, 0, channels);
                System.arraycopy(sgx, 0, sums, channels, channels);
                sync.allReduceSum(sums);
                factors = BatchNormKernel.backwardFactors(java.util.Arrays.copyOf(sums, channels),
                        java.util.Arrays.copyOfRange(sums, channels, 2 * channels), count, invStd, gammaValues,
                        training, new float[channels], new float[channels]);
            }
            double[][] dxFactors = factors;
            HostArrays.addInto(dGamma, gamma.gradient());
            HostArrays.addInto(dBeta, beta.gradient());
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            INDArray dResidual = residual == null ? null : Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            EngineThreads.run(parts, p -> {
                if (dResidual != null) {
                    writeRows(gb, dResidual, rows, parts, p);
                }
                kernels[p].backwardApply(xb, gb, dxs, mean, dxFactors);
                writeRows(dxs, dx, rows, parts, p);
            });
            return new InputGradients(dx, dResidual);
        });
    }

    /** Part p's rows of the dense tensor t into the same positions of values. */
    private void readRows(INDArray t, float[] values, int rows, int parts, int p) {
        int from = EngineThreads.split(rows, parts, p) * channels;
        int to = EngineThreads.split(rows, parts, p + 1) * channels;
        HostArrays.read(t, from, to - from, values, from);
    }

    /** Part p's rows of values into the same positions of the dense tensor t. */
    private void writeRows(float[] values, INDArray t, int rows, int parts, int p) {
        int from = EngineThreads.split(rows, parts, p) * channels;
        int to = EngineThreads.split(rows, parts, p + 1) * channels;
        HostArrays.write(values, from, t, from, to - from);
    }

    /** out = (sum of the parts' per-channel sums, in part order) / divisor. */
    /**
     * Sums the parts' per-channel sums in part order into out; with a group ({@link SyncBatchNorm}) adds every
     * process's sums and this process's value count {@code count}; divides by the total count and returns it.
     */
    private static long reduceSums(double[][] parts, double[] out, long count, Collective sync) {
        sumParts(parts, out, 1);
        long total = count;
        if (sync != null) {
            double[] sums = java.util.Arrays.copyOf(out, out.length + 1);
            sums[out.length] = count;
            sync.allReduceSum(sums);
            System.arraycopy(sums, 0, out, 0, out.length);
            total = (long) sums[out.length];
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= total;
        }
        return total;
    }

    private static void sumParts(double[][] parts, double[] out, long divisor) {
        java.util.Arrays.fill(out, 0);
        for (double[] part : parts) {
            for (int c = 0; c < out.length; c++) {
                out[c] += part[c];
            }
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= divisor;
        }
    }

    /**
     * The running statistics from the batch's mean and biased variance as oneDNN left them off-heap: read through
     * this thread's scratch when the update runs now, copied when a pass context defers it.
     */
    private void updateRunningStatistics(KernelMemory mean, KernelMemory var, long count) {
        boolean now = !PassContext.defers();
        float[] m = now ? HostArrays.scratch(4, channels) : new float[channels];
        float[] v = now ? HostArrays.scratch(5, channels) : new float[channels];
        HostArrays.passing(mean.address(0, channels)).get(m, 0, channels);
        HostArrays.passing(var.address(0, channels)).get(v, 0, channels);
        PassContext.updateOrDefer(() -> {
            float[] rm = HostArrays.read(runningMean, 0, channels, HostArrays.scratch(2, channels), 0);
            float[] rv = HostArrays.read(runningVar, 0, channels, HostArrays.scratch(3, channels), 0);
            for (int c = 0; c < channels; c++) {
                blend(rm, rv, c, m[c], v[c], count);
            }
            HostArrays.write(rm, 0, runningMean, 0, channels);
            HostArrays.write(rv, 0, runningVar, 0, channels);
        });
    }

    private void updateRunningStatistics(double[] mean, double[] var, long count) {
        PassContext.updateOrDefer(() -> {
            float[] rm = HostArrays.read(runningMean);
            float[] rv = HostArrays.read(runningVar);
            for (int c = 0; c < channels; c++) {
                blend(rm, rv, c, mean[c], var[c], count);
            }
            HostArrays.write(rm, runningMean);
            HostArrays.write(rv, runningVar);
        });
    }

    /**
     * Channel c of the running statistics moved towards the batch's: PyTorch's momentum update, the biased batch
     * variance made unbiased by count / (count - 1).
     */
    private static void blend(float[] runningMean, float[] runningVar, int c, double mean, double var, long count) {
        runningMean[c] = (float) ((1 - MOMENTUM) * runningMean[c] + MOMENTUM * mean);
        runningVar[c] = (float) ((1 - MOMENTUM) * runningVar[c] + MOMENTUM * var * count / (count - 1.0));
    }

    /** The backend-neutral path: native moments, batchnorm and batchnorm_bp over the last axis. */
    private ResidualPass runNative(INDArray x, INDArray residual, boolean relu, boolean training) {
        if (training && SyncBatchNorm.current() != null) {
            throw new UnsupportedOperationException(name + ": synchronised batch norm runs on the CPU FLOAT path only "
                    + "(its Java kernel); use a FLOAT network on the CPU backend or train without --sync-bn");
        }
        INDArray mean;
        INDArray var;
        if (training) {
            long count = x.length() / channels;
            INDArray[] moments = NativeOps.moments(x);
            mean = moments[0];
            var = moments[1];
            INDArray batchMean = mean;
            INDArray batchVar = var;
            PassContext.updateOrDefer(() -> {
                runningMean.muli(1 - MOMENTUM).addi(batchMean.mul(MOMENTUM));
                runningVar.muli(1 - MOMENTUM).addi(batchVar.mul(MOMENTUM * count / (count - 1.0)));
            });
        } else {
            mean = runningMean.dup();
            var = runningVar.dup();
        }
        INDArray sum = NativeOps.batchNorm(x, mean, var, gamma.value(), beta.value(), EPS);
        if (residual != null) {
            sum.addi(residual);
        }
        INDArray out = relu ? NativeOps.relu(sum) : sum;
        INDArray gammaValues = gamma.value().dup();
        return new ResidualPass(out, g -> {
            INDArray gm = relu ? NativeOps.reluBackward(out, g) : g;
            INDArray dx;
            if (training) {
                INDArray gradGamma = Nd4j.createUninitialized(x.dataType(), channels);
                INDArray gradBeta = Nd4j.createUninitialized(x.dataType(), channels);
                dx = NativeOps.batchNormBackward(x, mean, var, gammaValues, beta.value(), gm, gradGamma, gradBeta,
                        EPS);
                gamma.gradient().addi(gradGamma);
                beta.gradient().addi(gradBeta);
            } else {
                INDArray invStd = Transforms.pow(var.add(EPS), -0.5, false);
                INDArray xHat = x.sub(mean.reshape(1, 1, 1, channels)).muli(invStd.reshape(1, 1, 1, channels));
                gamma.gradient().addi(gm.mul(xHat).sum(0, 1, 2));
                beta.gradient().addi(gm.sum(0, 1, 2));
                dx = gm.mul(invStd.mul(gammaValues).reshape(1, 1, 1, channels));
            }
            return new InputGradients(dx, residual == null ? null : gm);
        });
    }
}
