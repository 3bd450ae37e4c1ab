package io.github.seer4j.eval;

import io.github.seer4j.data.BalancedSubset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Linear probe, k-NN, balanced subsets and the feature cache on small hand-made data. */
class EvaluationTest {

    /** Three well separated Gaussian clusters in 8 dimensions (centres 10 apart, unit noise). */
    private static Object[] clusters(int perClass, long seed) {
        Random r = new Random(seed);
        int n = 3 * perClass;
        float[][] x = new float[n][8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 8; d++) {
                x[i][d] = (float) ((d == y[i] ? 10 : 0) + r.nextGaussian());
            }
        }
        return new Object[] {Nd4j.create(x), y};
    }

    @Test
    void linearProbeSeparatesSeparableData() {
        Object[] train = clusters(50, 1);
        Object[] test = clusters(30, 2);
        LinearProbe.Result r = LinearProbe.defaults().fitAndEvaluate((INDArray) train[0], (int[]) train[1],
                (INDArray) test[0], (int[]) test[1], 3);
        assertEquals(1.0, r.testAccuracy());
        assertEquals(150, r.labelledImages());
    }

    @Test
    void knnSeparatesSeparableData() {
        Object[] train = clusters(50, 3);
        Object[] test = clusters(30, 4);
        assertEquals(1.0, new KnnClassifier(5, 0.07).accuracy((INDArray) train[0], (int[]) train[1],
                (INDArray) test[0], (int[]) test[1], 3));
    }

    @Test
    void topKByHand() {
        assertArrayEquals(new int[] {3, 0}, KnnClassifier.topK(new float[] {0.5f, 0.1f, -1f, 0.9f}, 2));
    }

    @Test
    void softmaxByHand() {
        // softmax(0, ln 3) = (1/4, 3/4)
        INDArray p = io.github.seer4j.blocks.Softmax.rows(Nd4j.create(new float[][] {{0f, (float) Math.log(3)}}));
        assertEquals(0.25, p.getDouble(0, 0), 1e-6);
        assertEquals(0.75, p.getDouble(0, 1), 1e-6);
    }

    @Test
    void balancedSubsetIsExactAndSeeded() {
        int[] labels = new int[1000];
        Arrays.setAll(labels, i -> i % 10);
        int[] a = BalancedSubset.select(labels, 10, 0.1, 7);
        assertEquals(100, a.length);
        int[] perClass = new int[10];
        for (int i : a) {
            perClass[labels[i]]++;
        }
        int[] ten = new int[10];
        Arrays.fill(ten, 10);
        assertArrayEquals(ten, perClass);
        assertArrayEquals(a, BalancedSubset.select(labels, 10, 0.1, 7));
        assertFalse(Arrays.equals(a, BalancedSubset.select(labels, 10, 0.1, 8)));
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1], "sorted, no duplicates");
        }
        assertEquals(10, BalancedSubset.select(labels, 10, 0.01, 7).length); // 1% of 1000 = 10, one per class
        assertThrows(IllegalArgumentException.class, () -> BalancedSubset.select(labels, 10, 0, 7));
    }

    @Test
    void featureCacheIsInvalidatedWhenTheCheckpointChanges(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("model.bin");
        Files.writeString(checkpoint, "weights v1");
        FeatureCache cache = new FeatureCache(dir.resolve("features"));
        AtomicInteger computed = new AtomicInteger();
        INDArray first = cache.getOrCompute(FeatureCache.digest(checkpoint), "train|last",
                () -> Nd4j.ones(DataType.FLOAT, 4, 3).muli(computed.incrementAndGet()));
        INDArray again = cache.getOrCompute(FeatureCache.digest(checkpoint), "train|last",
                () -> Nd4j.ones(DataType.FLOAT, 4, 3).muli(computed.incrementAndGet()));
        assertEquals(1, computed.get(), "second probe reuses the cached features");
        assertEquals(first, again);
        Files.writeString(checkpoint, "weights v2");
        INDArray changed = cache.getOrCompute(FeatureCache.digest(checkpoint), "train|last",
                () -> Nd4j.ones(DataType.FLOAT, 4, 3).muli(computed.incrementAndGet()));
        assertEquals(2, computed.get());
        assertEquals(2.0, changed.getDouble(0, 0));
    }
}
