package io.github.seer4j.blocks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the rows of [N, C] with PyTorch's semantics: training normalises with the batch's mean and
 * biased variance and updates the running mean and unbiased variance with momentum 0.1; inference normalises with
 * the running statistics. eps = 1e-5, gamma 1, beta 0. On the CPU (FLOAT) it runs {@link BatchNorm2d}'s kernels on
 * the rows as images of one pixel; elsewhere (CUDA, DOUBLE) ND4J's ops. Parameters {@code <name>.gamma},
 * {@code <name>.beta}; buffers {@code <name>.running_mean}, {@code <name>.running_var}, all [1, C]. Inside a {@link SyncBatchNorm} scope the batch
 * statistics and the backward's two sums are those of every process's rows.
 */
public final class BatchNorm1d implements Layer {

    private static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;

    private final String name;
    private final Parameter gamma;
    private final Parameter beta;
    private final INDArray runningMean;
    private final INDArray runningVar;
    /** The same normalisation as N images of one pixel: the kernels of the CPU's FLOAT path. */
    private final BatchNorm2d rows;

    public BatchNorm1d(String name, int channels, DataType type) {
        this.name = name;
        gamma = new Parameter(name + ".gamma", Parameter.Kind.BN_GAMMA, Nd4j.ones(type, 1, channels));
        beta = new Parameter(name + ".beta", Parameter.Kind.BN_BETA, Nd4j.zeros(type, 1, channels));
        runningMean = Nd4j.zeros(type, 1, channels);
        runningVar = Nd4j.ones(type, 1, channels);
        rows = new BatchNorm2d(name, channels, gamma, beta, runningMean, runningVar);
    }

    /** Running mean [1, C] (updated in place by training passes). */
    public INDArray runningMean() {
        return runningMean;
    }

    /** Running variance [1, C] (updated in place by training passes). */
    public INDArray runningVar() {
        return runningVar;
    }

    @Override
    public Traced forward(INDArray x, Mode mode) {
        if (x.rank() != 2 || x.size(1) != runningMean.size(1)) {
            throw new IllegalArgumentException(name + ": expected [N, " + runningMean.size(1) + "] inputs, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (mode.training() && x.size(0) < 2) {
            throw new IllegalArgumentException(name + ": batch norm in training needs at least 2 rows, got "
                    + x.size(0));
        }
        if (HostArrays.usable(x, gamma.value())) {
            return rows.forwardRows(x, mode);
        }
        INDArray mean;
        INDArray var;
        long rows = x.size(0);
        Collective sync = mode.training() ? SyncBatchNorm.current() : null;
        long n = rows;
        if (mode.training()) {
            if (sync == null) {
                mean = x.mean(true, 0);
                var = x.var(false, 0).reshape(1, x.size(1));
            } else { // the global batch's statistics: reduced sums, the mean first
                double[] sums = java.util.Arrays.copyOf(x.sum(true, 0).toDoubleVector(), (int) x.size(1) + 1);
                sums[sums.length - 1] = rows;
                sync.allReduceSum(sums);
                n = (long) sums[sums.length - 1];
                mean = Nd4j.createFromArray(java.util.Arrays.copyOf(sums, sums.length - 1)).castTo(x.dataType())
                        .reshape(1, x.size(1)).divi(n);
                INDArray centred = x.subRowVector(mean);
                double[] squares = centred.mul(centred).sum(true, 0).toDoubleVector();
                sync.allReduceSum(squares);
                var = Nd4j.createFromArray(squares).castTo(x.dataType()).reshape(1, x.size(1)).divi(n);
            }
            INDArray batchMean = mean;
            INDArray batchVar = var;
            long count = n;
            PassContext.updateOrDefer(() -> {
                runningMean.muli(1 - MOMENTUM).addi(batchMean.mul(MOMENTUM));
                runningVar.muli(1 - MOMENTUM).addi(batchVar.mul(MOMENTUM * count / (count - 1.0)));
            });
        } else {
            mean = runningMean;
            var = runningVar;
        }
        INDArray invStd = Transforms.pow(var.add(EPS), -0.5, false);
        INDArray xhat = x.subRowVector(mean).muliRowVector(invStd);
        INDArray gammaValue = gamma.value().dup();
        long total = n;
        INDArray y = xhat.mulRowVector(gammaValue).addiRowVector(beta.value());
        return new Traced(y, g -> {
            gamma.gradient().addi(g.mul(xhat).sum(true, 0));
            beta.gradient().addi(g.sum(true, 0));
            INDArray dxhat = g.mulRowVector(gammaValue);
            if (!mode.training()) {
                return dxhat.muliRowVector(invStd); // the statistics are constants
            }
            INDArray sumD = dxhat.sum(true, 0);
            INDArray sumDX = dxhat.mul(xhat).sum(true, 0);
            if (sync != null) { // this process's rows of the global batch: the two sums over every process's rows
                int c = (int) sumD.length();
                double[] sums = new double[2 * c];
                System.arraycopy(sumD.toDoubleVector(), 0, sums, 0, c);
                System.arraycopy(sumDX.toDoubleVector(), 0, sums, c, c);
                sync.allReduceSum(sums);
                sumD = Nd4j.createFromArray(java.util.Arrays.copyOf(sums, c)).castTo(dxhat.dataType()).reshape(1, c);
                sumDX = Nd4j.createFromArray(java.util.Arrays.copyOfRange(sums, c, 2 * c)).castTo(dxhat.dataType())
                        .reshape(1, c);
            }
            // dx = invStd / N * (N * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)), N the (global) batch
            return dxhat.muli(total).subiRowVector(sumD).subi(xhat.mulRowVector(sumDX)).muliRowVector(invStd)
                    .divi(total);
        });
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
}
