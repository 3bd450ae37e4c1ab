package io.github.seer4j.swav;

import io.github.seer4j.blocks.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The K prototype vectors: a bias-free linear map [K, D] whose rows are re-normalised to unit length every step. */
public final class Prototypes {

    /** Name of the prototype parameter (the trainer leaves it out of the update while prototypes are frozen). */
    public static final String NAME = "prototypes.weight";

    private final Parameter weight;
    private INDArray input;

    public Prototypes(int count, int dim, DataType type, long seed) {
        if (count < 2 || dim < 1) {
            throw new IllegalArgumentException("prototypes need K >= 2 and dim >= 1, got K=" + count + ", dim=" + dim);
        }
        weight = new Parameter(NAME, Parameter.Kind.LINEAR_WEIGHT,
                Init.uniform(type, seed, 1 / Math.sqrt(dim), count, dim));
        normalizeRows();
    }

    public Parameter weight() {
        return weight;
    }

    public int count() {
        return (int) weight.value().size(0);
    }

    /** Rescales every prototype row to unit L2 norm, in place. */
    public void normalizeRows() {
        INDArray w = weight.value();
        w.diviColumnVector(w.norm2(true, 1));
    }

    /** Scores [B, K] = z C^T for embeddings z [B, D]. */
    public INDArray forward(INDArray z) {
        input = z;
        return scores(z);
    }

    /** Scores of arbitrary embeddings (e.g. the queue) without remembering them for backward. */
    public INDArray scores(INDArray z) {
        INDArray w = weight.value();
        INDArray s = Nd4j.createUninitialized(z.dataType(), z.size(0), w.size(0));
        Nd4j.gemm(z, w, s, false, true, 1.0, 0.0);
        return s;
    }

    /** Sets d loss / d C = dS^T z and returns d loss / d z = dS C. */
    public INDArray backward(INDArray gradScores) {
        Nd4j.gemm(gradScores, input, weight.gradient(), true, false, 1.0, 0.0);
        INDArray dz = Nd4j.createUninitialized(gradScores.dataType(), gradScores.size(0), weight.value().size(1));
        Nd4j.gemm(gradScores, weight.value(), dz, false, false, 1.0, 0.0);
        return dz;
    }
}
