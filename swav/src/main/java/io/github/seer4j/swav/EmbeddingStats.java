package io.github.seer4j.swav;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Health signals of one SwAV step, cheap enough to log every iteration: how alike the two global views of one image
 * are ({@code positiveCosine}), how alike different images are ({@code negativeCosine}; near 1 means the embeddings
 * collapsed to one point), how sharp the Sinkhorn codes are ({@code codeMax}: 1/K uniform, 1 one-hot) and the spread
 * of the prototype scores per embedding.
 */
public record EmbeddingStats(double positiveCosine, double negativeCosine, double codeMax, double scoreSpread) {

    /**
     * @param embeddings unit embeddings [V*B, D], crop-major (the first two crops are the global views)
     * @param scores     prototype scores [V*B, K]
     * @param codes      codes [B, K] of the first assignment crop
     */
    public static EmbeddingStats of(INDArray embeddings, INDArray scores, INDArray codes, int crops) {
        long b = embeddings.size(0) / crops;
        if (b < 2 || crops < 2) {
            throw new IllegalArgumentException("need at least 2 images and 2 crops, got " + b + " and " + crops);
        }
        int d = (int) embeddings.size(1);
        int k = (int) scores.size(1);
        int rows = (int) scores.size(0);
        // the loss's slots, the scores in the one it read them into
        double[] z = HostMatrices.read(embeddings, HostMatrices.scratch(2, (int) embeddings.length()));
        double positive = 0;
        double selfDots = 0;
        double[] sum = HostMatrices.scratch(3, d);
        java.util.Arrays.fill(sum, 0, d, 0);
        for (int i = 0; i < b; i++) {
            for (int c = 0; c < d; c++) {
                double z0 = z[i * d + c];
                positive += z0 * z[(int) (b + i) * d + c];
                selfDots += z0 * z0;
                sum[c] += z0;
            }
        }
        positive /= b;
        // sum over all ordered pairs i != j of z_i . z_j = ||sum_i z_i||^2 - sum_i ||z_i||^2 (= B for unit rows)
        double normSquared = 0;
        for (int c = 0; c < d; c++) {
            normSquared += sum[c] * sum[c];
        }
        double negative = (normSquared - selfDots) / (b * (b - 1.0));
        double[] q = HostMatrices.read(codes, HostMatrices.scratch(2, (int) codes.length())); // z is done
        int codeRows = (int) codes.size(0);
        int codeColumns = (int) codes.size(1);
        double codeMax = 0;
        for (int r = 0; r < codeRows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < codeColumns; c++) {
                max = Math.max(max, q[r * codeColumns + c]);
            }
            codeMax += max;
        }
        codeMax /= codeRows;
        double[] s = HostMatrices.read(scores, HostMatrices.scratch(0, (int) scores.length()));
        double spread = 0;
        for (int r = 0; r < rows; r++) { // the sample standard deviation of each row (n - 1), as ND4J's std
            double mean = 0;
            for (int c = 0; c < k; c++) {
                mean += s[r * k + c];
            }
            mean /= k;
            double squares = 0;
            for (int c = 0; c < k; c++) {
                double dev = s[r * k + c] - mean;
                squares += dev * dev;
            }
            spread += Math.sqrt(squares / (k - 1));
        }
        spread /= rows;
        return new EmbeddingStats(positive, negative, codeMax, spread);
    }
}
