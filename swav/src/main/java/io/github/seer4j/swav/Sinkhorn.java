package io.github.seer4j.swav;

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
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("scores must be [batch, prototypes], got rank " + scores.rank());
        }
        long b = scores.size(0);
        long k = scores.size(1);
        INDArray q = scores.castTo(DataType.DOUBLE).dup();
        double max = q.maxNumber().doubleValue();
        q.subi(max).divi(epsilon);
        Transforms.exp(q, false);
        q.divi(q.sumNumber());
        for (int it = 0; it < iterations; it++) {
            // each prototype (column) gets total weight 1/K
            q.diviRowVector(q.sum(0).reshape(1, k)).divi(k);
            // each sample (row) gets total weight 1/B
            q.diviColumnVector(q.sum(1).reshape(b, 1)).divi(b);
        }
        q.muli(b);
        return q.castTo(scores.dataType());
    }
}
