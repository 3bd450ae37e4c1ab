package io.github.seer4j.swav;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
        INDArray z0 = embeddings.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
        INDArray z1 = embeddings.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());
        double positive = z0.mul(z1).sum(1).meanNumber().doubleValue();
        // sum over all ordered pairs i != j of z_i . z_j = ||sum_i z_i||^2 - sum_i ||z_i||^2 (= B for unit rows)
        double norm = z0.sum(0).norm2Number().doubleValue();
        double selfDots = z0.mul(z0).sumNumber().doubleValue();
        double negative = (norm * norm - selfDots) / (b * (b - 1.0));
        double codeMax = codes.max(1).meanNumber().doubleValue();
        double spread = scores.std(1).meanNumber().doubleValue();
        return new EmbeddingStats(positive, negative, codeMax, spread);
    }
}
