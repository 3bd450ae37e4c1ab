package io.github.seer4j.swav;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SwAV's swapped prediction: for each assignment crop a, the codes q_a are predicted from every other crop v by the
 * cross-entropy with softmax(scores_v / T); averaged over the batch, over the V-1 other crops and over the assignment
 * crops, exactly as main_swav.py. Also returns the analytic gradient with respect to the prototype scores. Plain
 * loops in double precision on reused arrays ({@link HostMatrices}).
 */
public final class SwappedPredictionLoss {

    /** SwAV's softmax temperature. */
    public static final double DEFAULT_TEMPERATURE = 0.1;

    /** The loss value and d loss / d scores ([V*B, K], same layout as the scores). */
    public record Result(double loss, INDArray scoreGradient) {}

    private final double temperature;
    private final int[] cropsForAssign;
    private final int crops;

    public SwappedPredictionLoss(double temperature, int[] cropsForAssign, int crops) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (crops < 2) {
            throw new IllegalArgumentException("swapped prediction needs at least 2 crops, got " + crops);
        }
        if (cropsForAssign.length == 0) {
            throw new IllegalArgumentException("at least one crop must be used for assignment");
        }
        for (int a : cropsForAssign) {
            if (a < 0 || a >= crops) {
                throw new IllegalArgumentException("assignment crop " + a + " is outside 0.." + (crops - 1));
            }
        }
        this.temperature = temperature;
        this.cropsForAssign = cropsForAssign.clone();
        this.crops = crops;
    }

    public double temperature() {
        return temperature;
    }

    public int[] cropsForAssign() {
        return cropsForAssign.clone();
    }

    public int crops() {
        return crops;
    }

    /**
     * @param scores prototype scores [V*B, K], crop-major (crop v occupies rows v*B .. v*B+B-1)
     * @param codes  one code matrix [B, K] per assignment crop, in the order of {@code cropsForAssign}
     */
    public Result compute(INDArray scores, List<INDArray> codes) {
        if (codes.size() != cropsForAssign.length) {
            throw new IllegalArgumentException(codes.size() + " code matrices for " + cropsForAssign.length
                    + " assignment crops");
        }
        long rows = scores.size(0);
        if (rows % crops != 0) {
            throw new IllegalArgumentException(rows + " score rows do not split into " + crops + " crops");
        }
        int b = Math.toIntExact(rows / crops);
        int k = Math.toIntExact(scores.size(1));
        for (INDArray c : codes) {
            if (c.rank() != 2 || c.size(0) != b || c.size(1) != k) {
                throw new IllegalArgumentException("codes must be [" + b + ", " + k + "], got "
                        + java.util.Arrays.toString(c.shape()));
            }
        }
        double scale = 1.0 / ((double) cropsForAssign.length * (crops - 1) * b);
        double[] x = HostMatrices.read(scores, HostMatrices.scratch(0, (int) rows * k));
        double[] grad = HostMatrices.scratch(1, (int) rows * k);
        double[] target = HostMatrices.scratch(2, b * k);
        double[] code = HostMatrices.scratch(3, b * k);
        double[] shifted = new double[k];
        double loss = 0;
        for (int v = 0; v < crops; v++) {
            // the sum of the codes this crop must predict
            boolean any = false;
            java.util.Arrays.fill(target, 0, b * k, 0);
            for (int i = 0; i < cropsForAssign.length; i++) {
                if (cropsForAssign[i] != v) {
                    HostMatrices.read(codes.get(i), code);
                    for (int j = 0; j < b * k; j++) {
                        target[j] += code[j];
                    }
                    any = true;
                }
            }
            double crossEntropy = 0;
            for (int r = 0; r < b; r++) {
                int row = (v * b + r) * k;
                if (!any) {
                    java.util.Arrays.fill(grad, row, row + k, 0);
                    continue;
                }
                // log softmax of scores / T, shifted by the row's maximum
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    shifted[j] = x[row + j] / temperature;
                    max = Math.max(max, shifted[j]);
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    shifted[j] -= max;
                    sum += Math.exp(shifted[j]);
                }
                double logSum = Math.log(sum);
                double rowTarget = 0;
                for (int j = 0; j < k; j++) {
                    double t = target[r * k + j];
                    crossEntropy += t * (shifted[j] - logSum);
                    rowTarget += t;
                }
                // d/dx of -sum(t * log softmax(x)) = softmax(x) * rowsum(t) - t; then d x / d scores = 1/T
                for (int j = 0; j < k; j++) {
                    double softmax = Math.exp(shifted[j]) / sum;
                    grad[row + j] = (softmax * rowTarget - target[r * k + j]) * (scale / temperature);
                }
            }
            loss -= crossEntropy * scale;
        }
        return new Result(loss, HostMatrices.create(grad, (int) rows, k, scores.dataType()));
    }
}
