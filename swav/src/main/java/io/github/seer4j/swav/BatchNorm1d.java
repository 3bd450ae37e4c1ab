package io.github.seer4j.swav;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.blocks.Parameter;
import io.github.seer4j.blocks.SyncBatchNorm;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over the rows of [B, C]: batch statistics in training (running mean and unbiased variance
 * updated with momentum 0.1, as PyTorch), running statistics otherwise. Inside a {@link SyncBatchNorm} scope the batch
 * statistics and the backward's two sums are those of every process's rows.
 */
public final class BatchNorm1d implements Layer {

    private static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;

    private final Parameter gamma;
    private final Parameter beta;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private INDArray xhat;
    private INDArray invStd;
    private Collective sync;
    private long count;

    public BatchNorm1d(String name, int channels, DataType type) {
        gamma = new Parameter(name + ".gamma", Parameter.Kind.BN_GAMMA, Nd4j.ones(type, 1, channels));
        beta = new Parameter(name + ".beta", Parameter.Kind.BN_BETA, Nd4j.zeros(type, 1, channels));
        runningMean = Nd4j.zeros(type, 1, channels);
        runningVar = Nd4j.ones(type, 1, channels);
    }

    /** Running mean [1, C] (state to checkpoint, not trained by gradients). */
    public INDArray runningMean() {
        return runningMean;
    }

    /** Running variance [1, C]. */
    public INDArray runningVar() {
        return runningVar;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        INDArray mean;
        INDArray var;
        long n = x.size(0);
        if (training) {
            if (n < 2) {
                throw new IllegalArgumentException("batch norm in training needs at least 2 rows, got " + n);
            }
            sync = SyncBatchNorm.current();
            if (sync == null) {
                mean = x.mean(true, 0);
                var = x.var(false, 0).reshape(1, x.size(1));
            } else { // the global batch's statistics (SyncBatchNorm): reduced sums, the mean first
                double[] sums = java.util.Arrays.copyOf(x.sum(true, 0).toDoubleVector(), (int) x.size(1) + 1);
                sums[sums.length - 1] = n;
                sync.allReduceSum(sums);
                n = (long) sums[sums.length - 1];
                mean = Nd4j.createFromArray(java.util.Arrays.copyOf(sums, sums.length - 1)).castTo(x.dataType())
                        .reshape(1, x.size(1)).divi(n);
                double[] squares = x.subRowVector(mean).muli(x.subRowVector(mean)).sum(true, 0).toDoubleVector();
                sync.allReduceSum(squares);
                var = Nd4j.createFromArray(squares).castTo(x.dataType()).reshape(1, x.size(1)).divi(n);
            }
            count = n;
            runningMean.muli(1 - MOMENTUM).addi(mean.mul(MOMENTUM));
            runningVar.muli(1 - MOMENTUM).addi(var.mul(MOMENTUM * n / (n - 1.0)));
        } else {
            mean = runningMean;
            var = runningVar;
            sync = null;
            count = n;
        }
        invStd = Transforms.pow(var.add(EPS), -0.5, false);
        xhat = x.subRowVector(mean).muliRowVector(invStd);
        return xhat.mulRowVector(gamma.value()).addiRowVector(beta.value());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        long n = gradOut.size(0);
        gamma.gradient().assign(gradOut.mul(xhat).sum(true, 0));
        beta.gradient().assign(gradOut.sum(true, 0));
        INDArray dxhat = gradOut.mulRowVector(gamma.value());
        INDArray sumD = dxhat.sum(true, 0);
        INDArray sumDX = dxhat.mul(xhat).sum(true, 0);
        if (sync != null) { // this process's rows of the global batch: the two sums over every process's rows
            long c = sumD.length();
            double[] sums = new double[(int) (2 * c)];
            System.arraycopy(sumD.toDoubleVector(), 0, sums, 0, (int) c);
            System.arraycopy(sumDX.toDoubleVector(), 0, sums, (int) c, (int) c);
            sync.allReduceSum(sums);
            sumD = Nd4j.createFromArray(java.util.Arrays.copyOf(sums, (int) c)).castTo(dxhat.dataType())
                    .reshape(1, c);
            sumDX = Nd4j.createFromArray(java.util.Arrays.copyOfRange(sums, (int) c, (int) (2 * c)))
                    .castTo(dxhat.dataType()).reshape(1, c);
            n = count;
        }
        // dx = invStd / N * (N * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))
        return dxhat.muli(n).subiRowVector(sumD).subi(xhat.mulRowVector(sumDX)).muliRowVector(invStd).divi(n);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }
}
