package io.github.seer4j.train;

import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Stops training at the first NaN/Inf loss or code, with a message naming epsilon and learning rate as suspects. */
public final class DivergenceCheck {

    private DivergenceCheck() {}

    /**
     * @param lastGood the last checkpoint written (kept untouched), or null if none yet
     */
    public static void check(long iteration, double loss, Iterable<INDArray> codes, double epsilon, double lr,
            Path lastGood) {
        boolean codesBad = false;
        for (INDArray q : codes) {
            double s = q.sumNumber().doubleValue();
            if (!Double.isFinite(s)) {
                codesBad = true;
            }
        }
        if (Double.isFinite(loss) && !codesBad) {
            return;
        }
        throw new TrainingDivergedException("training diverged at iteration " + iteration + ": "
                + (codesBad ? "Sinkhorn codes contain NaN/Inf" : "the loss is " + loss)
                + ". Likely causes: Sinkhorn epsilon too small (now " + epsilon
                + "; exp(score/epsilon) underflows, try 0.05 or larger) or learning rate too high (now " + lr
                + "; lower --lr or lengthen the warm-up). "
                + (lastGood == null ? "No checkpoint had been written yet."
                        : "The last good checkpoint is kept at " + lastGood + "."));
    }
}
