package blocks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the channel axis of NCHW tensors with PyTorch's semantics: training normalises with the
 * batch's mean and biased variance and updates the running statistics with momentum 0.1 (the running variance gets
 * the unbiased batch variance); inference normalises with the running statistics. eps = 1e-5, gamma 1, beta 0.
 */
public final class BatchNorm2d implements Layer {

    public static final double EPS = 1e-5;
    public static final double MOMENTUM = 0.1;

    private final String name;
    private final Parameter gamma;
    private final Parameter beta;
    private final INDArray runningMean;
    private final INDArray runningVar;

    public BatchNorm2d(String name, int channels, Init init) {
        this.name = name;
        this.gamma = new Parameter(name + ".weight", Parameter.Kind.BN_GAMMA, init.constant(1, channels));
        this.beta = new Parameter(name + ".bias", Parameter.Kind.BN_BETA, init.constant(0, channels));
        this.runningMean = init.constant(0, channels);
        this.runningVar = init.constant(1, channels);
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
        return forward(x, mode, false);
    }

    /**
     * max(bn(x), 0) in one layer: on the CPU backend the ReLU runs inside the batch-norm kernels (its backward mask is
     * applied within the batch-norm gradient), elsewhere as a separate native op. Same result as {@link #forward}
     * followed by a ReLU.
     */
    public Traced forwardRelu(INDArray x, Mode mode) {
        return forward(x, mode, true);
    }

    private Traced forward(INDArray x, Mode mode, boolean relu) {
        if (x.rank() != 4 || x.size(1) != runningMean.length()) {
            throw new IllegalArgumentException(name + ": expected an NCHW input with " + runningMean.length()
                    + " channels, got shape " + java.util.Arrays.toString(x.shape()));
        }
        long t0 = StepProfile.start();
        Traced t;
        if (mode.training() && HostArrays.usable(x)) {
            t = forwardTrainingHost(x, relu);
        } else {
            t = mode.training() ? forwardTraining(x) : forwardInference(x);
            if (relu) {
                Traced bn = t;
                INDArray out = NativeOps.relu(bn.output());
                t = new Traced(out, g -> bn.backprop().apply(NativeOps.reluBackward(out, g)));
            }
        }
        StepProfile.stop(StepProfile.Part.BATCH_NORM_FORWARD, t0);
        Traced traced = t;
        return new Traced(traced.output(), g -> {
            long t1 = StepProfile.start();
            INDArray gradIn = traced.backprop().apply(g);
            StepProfile.stop(StepProfile.Part.BATCH_NORM_BACKWARD, t1);
            return gradIn;
        });
    }

    private long checkedCount(INDArray x) {
        long count = x.length() / x.size(1);
        if (count < 2) {
            throw new IllegalArgumentException(name + ": training-mode batch norm needs more than one value per "
                    + "channel (batch x height x width = " + count + "); use a larger batch or inference mode");
        }
        return count;
    }

    /** Training forward (and backward) as Java loops over bulk copies: see {@link BatchNormKernel}. */
    private Traced forwardTrainingHost(INDArray x, boolean relu) {
        long count = checkedCount(x);
        BatchNormKernel kernel = new BatchNormKernel(x.shape());
        int len = (int) x.length();
        double[] xs = HostArrays.read(x, HostArrays.scratch(0, len));
        double[][] stats = kernel.statistics(xs);
        double[] mean = stats[0];
        double[] invStd = BatchNormKernel.invStd(stats[1], EPS);
        double[] rm = HostArrays.read(runningMean);
        double[] rv = HostArrays.read(runningVar);
        for (int i = 0; i < rm.length; i++) {
            rm[i] = (1 - MOMENTUM) * rm[i] + MOMENTUM * mean[i];
            rv[i] = (1 - MOMENTUM) * rv[i] + MOMENTUM * stats[1][i] * count / (count - 1.0);
        }
        HostArrays.write(rm, runningMean);
        HostArrays.write(rv, runningVar);
        double[] gammaValues = HostArrays.read(gamma.value());
        double[] betaValues = HostArrays.read(beta.value());
        double[] out = HostArrays.scratch(1, len);
        kernel.normalize(xs, out, mean, invStd, gammaValues, betaValues, relu);
        INDArray y = HostArrays.create(out, x.dataType(), x.shape());
        return new Traced(y, g -> {
            double[] xb = HostArrays.read(x, HostArrays.scratch(0, len));
            double[] gb = HostArrays.read(g, HostArrays.scratch(1, len));
            double[] dGamma = new double[mean.length];
            double[] dBeta = new double[mean.length];
            kernel.backward(xb, gb, mean, invStd, gammaValues, betaValues, relu, dGamma, dBeta);
            HostArrays.addInto(dGamma, gamma.gradient());
            HostArrays.addInto(dBeta, beta.gradient());
            return HostArrays.create(gb, x.dataType(), x.shape());
        });
    }

    private Traced forwardTraining(INDArray x) {
        long count = checkedCount(x);
        INDArray[] moments = NativeOps.moments(x);
        INDArray mean = moments[0];
        INDArray var = moments[1];
        runningMean.muli(1 - MOMENTUM).addi(mean.mul(MOMENTUM));
        runningVar.muli(1 - MOMENTUM).addi(var.mul(MOMENTUM * count / (count - 1.0)));
        INDArray out = NativeOps.batchNorm(x, mean, var, gamma.value(), beta.value(), EPS);
        return new Traced(out, g -> {
            INDArray gradGamma = Nd4j.createUninitialized(x.dataType(), gamma.value().shape());
            INDArray gradBeta = Nd4j.createUninitialized(x.dataType(), beta.value().shape());
            INDArray gradIn = NativeOps.batchNormBackward(x, mean, var, gamma.value(), beta.value(), g,
                    gradGamma, gradBeta, EPS);
            gamma.gradient().addi(gradGamma);
            beta.gradient().addi(gradBeta);
            return gradIn;
        });
    }

    private Traced forwardInference(INDArray x) {
        INDArray mean = runningMean.dup();
        INDArray var = runningVar.dup();
        INDArray out = NativeOps.batchNorm(x, mean, var, gamma.value(), beta.value(), EPS);
        return new Traced(out, g -> {
            long c = mean.length();
            INDArray invStd = Transforms.pow(var.add(EPS), -0.5, false);
            INDArray xHat = x.sub(mean.reshape(1, c, 1, 1)).muli(invStd.reshape(1, c, 1, 1));
            gamma.gradient().addi(g.mul(xHat).sum(0, 2, 3));
            beta.gradient().addi(g.sum(0, 2, 3));
            return g.mul(invStd.mul(gamma.value()).reshape(1, c, 1, 1));
        });
    }
}
