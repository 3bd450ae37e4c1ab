package io.github.seer4j.swav;

import io.github.seer4j.blocks.Collective;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sinkhorn-Knopp soft assignment of SwAV (main_swav.py's distributed_sinkhorn on one process): codes for B samples
 * over K prototypes with a uniform prototype marginal, each code row summing to 1. Computed in double precision after
 * subtracting the global maximum score, which leaves the result unchanged and keeps exp from overflowing; plain
 * loops on reused arrays ({@link HostMatrices}).
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
        int rows = Math.toIntExact(scores.size(0));
        int k = Math.toIntExact(scores.size(1));
        int n = rows * k;
        double[] q = HostMatrices.read(scores, HostMatrices.scratch(0, n));
        double[] max = {Double.NEGATIVE_INFINITY};
        for (int i = 0; i < n; i++) {
            max[0] = Math.max(max[0], q[i]);
        }
        if (spread) {
            group.allReduceMax(max);
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            q[i] = Math.exp((q[i] - max[0]) / epsilon);
            total += q[i];
        }
        double[] sums = {total, rows};
        if (spread) {
            group.allReduceSum(sums);
        }
        double b = sums[1];
        for (int i = 0; i < n; i++) {
            q[i] /= sums[0];
        }
        double[] columns = new double[k];
        for (int it = 0; it < iterations; it++) {
            // each prototype (column) gets total weight 1/K
            java.util.Arrays.fill(columns, 0);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < k; c++) {
                    columns[c] += q[r * k + c];
                }
            }
            if (spread) {
                group.allReduceSum(columns);
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < k; c++) {
                    q[r * k + c] = q[r * k + c] / columns[c] / k;
                }
            }
            // each sample (row) gets total weight 1/B
            for (int r = 0; r < rows; r++) {
                double rowSum = 0;
                for (int c = 0; c < k; c++) {
                    rowSum += q[r * k + c];
                }
                for (int c = 0; c < k; c++) {
                    q[r * k + c] = q[r * k + c] / rowSum / b;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            q[i] *= b;
        }
        return HostMatrices.create(q, rows, k, scores.dataType());
    }
}
