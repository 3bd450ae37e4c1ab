package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FrozenProbeTest {

    private static final FrozenProbe LINEAR = new FrozenProbe(ProbeFeatures.LAST_STAGE, FrozenProbe.Method.LINEAR, 10);

    /** 100 images per class, labels 0..9 in turn. */
    private static int[] labels() {
        int[] y = new int[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 10;
        }
        return y;
    }

    /** A one-hot feature per image: every class its own axis, so any classifier separates them. */
    private static INDArray oneHot(int[] y) {
        INDArray x = Nd4j.zeros(y.length, 10);
        for (int i = 0; i < y.length; i++) {
            x.putScalar(i, y[i], 1.0);
        }
        return x;
    }

    @Test
    void labelledSubsetIsBalancedAndCarriesItsLabels() {
        int[] all = labels();
        FrozenProbe.Labelled l = LINEAR.labelled(all, 0.1, 7);
        assertEquals(100, l.size());
        int[] perClass = new int[10];
        for (int i = 0; i < l.size(); i++) {
            assertEquals(l.indices()[i] % 10, l.labels()[i]);
            perClass[l.labels()[i]]++;
        }
        for (int c : perClass) {
            assertEquals(10, c);
        }
        assertEquals(l.indices()[3], LINEAR.labelled(all, 0.1, 7).indices()[3]); // seeded
    }

    @Test
    void separableFeaturesAreClassifiedPerfectlyByBothMethods() {
        int[] all = labels();
        FrozenProbe.Labelled l = LINEAR.labelled(all, 0.1, 1);
        INDArray features = oneHot(all);
        int[] testY = {3, 1, 4, 1, 5, 9, 2, 6};
        for (FrozenProbe.Method m : FrozenProbe.Method.values()) {
            FrozenProbe p = new FrozenProbe(ProbeFeatures.LAST_STAGE, m, 10);
            assertEquals(1.0, p.fit(l.rows(features), l.labels(), oneHot(testY), testY).top1(), m.name());
        }
        assertEquals(0, new FrozenProbe(ProbeFeatures.LAST_STAGE, FrozenProbe.Method.KNN, 10)
                .fit(l.rows(features), l.labels(), oneHot(testY), testY).iterations());
    }

    @Test
    void methodsByName() {
        assertEquals(FrozenProbe.Method.KNN, FrozenProbe.Method.named("kNN"));
        assertEquals(FrozenProbe.Method.LINEAR, FrozenProbe.Method.named("linear"));
        assertThrows(IllegalArgumentException.class, () -> FrozenProbe.Method.named("finetune"));
    }
}
