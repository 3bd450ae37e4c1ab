package io.github.seer4j.swav;

import io.github.seer4j.blocks.Collective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Sinkhorn-Knopp soft assignment of SwAV (main_swav.py's distributed_sinkhorn on one process): codes for B samples
 * over K prototypes with a uniform prototype marginal, each code row summing to 1. Computed in double precision after
 * subtracting the global maximum score, which leaves the result unchanged and keeps exp from overflowing.
 */
public final class Sinkhorn {

    /** SwAV's default number of iterations (SEER uses 10). */
    public static final int DEFAULT_ITERATIONS = 3;

    private final double epsilon;
    private final int iterations;

    public Sinkhorn(double epsilon, int iterations) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Sinkhorn epsilon must be a positive number, got " + epsilon);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Sinkhorn needs at least 1 iteration, got " + iterations);
        }
        this.epsilon = epsilon;
        this.iterations = iterations;
    }

    public double epsilon() {
        return epsilon;
    }

    public int iterations() {
        return iterations;
    }

    /** Codes [B, K] (rows sum to 1) for prototype scores [B, K]; no gradient flows through this. */
    public INDArray codes(INDArray scores) {
        return codes(scores, Collective.single());
    }

    /**
     * Codes for this process's rows of scores spread over a group of processes, as main_swav.py's
     * distributed_sinkhorn: the maximum, the total of Q, the row count and, every iteration, the per-prototype sums
     * are reduced over the group, so each process gets its rows of the codes of the whole batch (per-sample sums are
     * local). With one process this is {@link #codes(INDArray)}.
     */
    public INDArray codes(INDArray scores, Collective group) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("scores must be [batch, prototypes], got rank " + scores.rank());
        }
        boolean spread = group.worldSize() > 1;
        double b = scores.size(0);
        long k = scores.size(1);
        INDArray q = scores.castTo(DataType.DOUBLE).dup();
        double[] max = {q.maxNumber().doubleValue()};
        if (spread) {
            group.allReduceMax(max);
        }
        q.subi(max[0]).divi(epsilon);
        Transforms.exp(q, false);
        double[] sums = {q.sumNumber().doubleValue(), b};
        if (spread) {
            group.allReduceSum(sums);
            b = sums[1];
        }
        q.divi(sums[0]);
        for (int it = 0; it < iterations; it++) {
            // each prototype (column) gets total weight 1/K
            INDArray columns = q.sum(0).reshape(1, k);
            if (spread) {
                group.allReduceSum(columns);
            }
            q.diviRowVector(columns).divi(k);
            // each sample (row) gets total weight 1/B
            q.diviColumnVector(q.sum(1).reshape(q.size(0), 1)).divi(b);
        }
        q.muli(b);
        return q.castTo(scores.dataType());
    }
}
