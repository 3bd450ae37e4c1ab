package io.github.seer4j.swav;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SwAV's swapped prediction: for each assignment crop a, the codes q_a are predicted from every other crop v by the
 * cross-entropy with softmax(scores_v / T); averaged over the batch, over the V-1 other crops and over the assignment
 * crops, exactly as main_swav.py. Also returns the analytic gradient with respect to the prototype scores.
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
        long b = rows / crops;
        double scale = 1.0 / ((double) cropsForAssign.length * (crops - 1) * b);
        INDArray grad = scores.ulike();
        double loss = 0;
        for (int v = 0; v < crops; v++) {
            INDArray target = null; // sum of the codes this crop must predict
            for (int i = 0; i < cropsForAssign.length; i++) {
                if (cropsForAssign[i] != v) {
                    target = target == null ? codes.get(i).dup() : target.addi(codes.get(i));
                }
            }
            INDArray g = grad.get(NDArrayIndex.interval(v * b, (v + 1) * b), NDArrayIndex.all());
            if (target == null) {
                g.assign(0);
                continue;
            }
            INDArray x = scores.get(NDArrayIndex.interval(v * b, (v + 1) * b), NDArrayIndex.all()).div(temperature);
            INDArray max = x.max(true, 1);
            INDArray shifted = x.subiColumnVector(max);
            INDArray e = Transforms.exp(shifted, true);
            INDArray sum = e.sum(true, 1);
            INDArray logp = shifted.subiColumnVector(Transforms.log(sum, true));
            loss -= target.mul(logp).sumNumber().doubleValue() * scale;
            // d/dx of -sum(t * log softmax(x)) = softmax(x) * rowsum(t) - t; then d x / d scores = 1/T
            INDArray softmax = e.diviColumnVector(sum);
            g.assign(softmax.muliColumnVector(target.sum(true, 1)).subi(target).muli(scale / temperature));
        }
        return new Result(loss, grad);
    }
}
