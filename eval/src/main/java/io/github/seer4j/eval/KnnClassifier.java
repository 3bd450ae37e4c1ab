package io.github.seer4j.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Weighted k-nearest-neighbour classification on L2-normalised features (cosine similarity), each neighbour voting
 * with weight exp(similarity / temperature), as in the k-NN evaluations of self-supervised learning (Wu et al. 2018).
 */
public final class KnnClassifier {
    private final int k;
    private final double temperature;

    public KnnClassifier(int k, double temperature) {
        if (k < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("k-NN needs k >= 1 and temperature > 0, got " + k + ", " + temperature);
        }
        this.k = k;
        this.temperature = temperature;
    }

    /** k = 20, temperature 0.07. */
    public static KnnClassifier defaults() {
        return new KnnClassifier(20, 0.07);
    }

    /** Top-1 accuracy on the test features. */
    public double accuracy(INDArray trainX, int[] trainY, INDArray testX, int[] testY, int classes) {
        INDArray train = normalise(trainX);
        INDArray test = normalise(testX);
        int kk = Math.min(k, train.rows());
        int correct = 0;
        int chunk = 256;
        for (int start = 0; start < test.rows(); start += chunk) {
            int end = Math.min(test.rows(), start + chunk);
            INDArray q = test.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray sims = Nd4j.create(DataType.FLOAT, end - start, train.rows());
            Nd4j.gemm(q, train, sims, false, true, 1.0, 0.0);
            float[][] rows = sims.toFloatMatrix();
            for (int r = 0; r < rows.length; r++) {
                int[] top = topK(rows[r], kk);
                double[] votes = new double[classes];
                for (int idx : top) {
                    votes[trainY[idx]] += Math.exp(rows[r][idx] / temperature);
                }
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (votes[c] > votes[best]) {
                        best = c;
                    }
                }
                correct += best == testY[start + r] ? 1 : 0;
            }
        }
        return correct / (double) testY.length;
    }

    private static INDArray normalise(INDArray x) {
        INDArray f = x.castTo(DataType.FLOAT).dup();
        INDArray norms = f.norm2(1).reshape(f.rows(), 1).addi(1e-12);
        return f.diviColumnVector(norms);
    }

    /** Indices of the k largest values (k small): a partial selection. */
    static int[] topK(float[] values, int k) {
        int[] idx = new int[k];
        float[] best = new float[k];
        java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(idx, -1);
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v > best[k - 1]) {
                int p = k - 1;
                while (p > 0 && best[p - 1] < v) {
                    best[p] = best[p - 1];
                    idx[p] = idx[p - 1];
                    p--;
                }
                best[p] = v;
                idx[p] = i;
            }
        }
        return idx;
    }
}
