package io.github.seer4j.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EmbeddingStatsTest {

    @Test
    void cosinesCodeSharpnessAndSpreadByHand() {
        // B = 2 images, 2 crops, D = 2: crop 0 = e1, e2; crop 1 = e1, (e1 + e2)/sqrt2
        double r = Math.sqrt(0.5);
        INDArray z = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}, {r, r}});
        // K = 2 scores per row; row std (population? no: ND4J std is the sample std, n-1)
        INDArray scores = Nd4j.createFromArray(new double[][] {{1, -1}, {0, 0}, {0.5, 0.5}, {1, 0}});
        INDArray codes = Nd4j.createFromArray(new double[][] {{0.9, 0.1}, {0.3, 0.7}});
        EmbeddingStats s = EmbeddingStats.of(z, scores, codes, 2);
        assertEquals((1 + r) / 2, s.positiveCosine(), 1e-12); // e1.e1 = 1, e2.(e1+e2)/sqrt2 = r
        assertEquals(0.0, s.negativeCosine(), 1e-12);          // e1 . e2 = 0 among the first crop's images
        assertEquals((0.9 + 0.7) / 2, s.codeMax(), 1e-12);
        // sample std of each row: sqrt(2), 0, 0, sqrt(0.5)
        assertEquals((Math.sqrt(2) + Math.sqrt(0.5)) / 4, s.scoreSpread(), 1e-12);
    }

    @Test
    void identicalEmbeddingsHaveNegativeCosineOne() {
        INDArray z = Nd4j.createFromArray(new double[][] {{0.6, 0.8}, {0.6, 0.8}, {0.6, 0.8}, {0.6, 0.8},
            {0.6, 0.8}, {0.6, 0.8}});
        INDArray scores = Nd4j.zeros(DataType.DOUBLE, 6, 3);
        EmbeddingStats s = EmbeddingStats.of(z, scores, Nd4j.ones(DataType.DOUBLE, 3, 3).divi(3), 2);
        assertEquals(1.0, s.negativeCosine(), 1e-12);
        assertEquals(1.0 / 3, s.codeMax(), 1e-12);
    }

    @Test
    void refusesSingleImageBatches() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddingStats.of(Nd4j.ones(2, 2), Nd4j.ones(2, 2),
                Nd4j.ones(1, 2), 2));
    }
}
