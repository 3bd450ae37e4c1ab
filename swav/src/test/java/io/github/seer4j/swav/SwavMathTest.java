package io.github.seer4j.swav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Init;
import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SwavMathTest {

    private static INDArray d(double[][] v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    @Test
    void sinkhornOneIterationMatchesHandComputation() {
        // exp(S/eps) = [[2,1],[1,1]]; Q = M/5; columns -> 1/K: [[1/3,1/4],[1/6,1/4]];
        // rows -> 1/B: [[2/7,3/14],[1/5,3/10]]; times B=2: [[4/7,3/7],[2/5,3/5]]
        double[][] expected = {{4 / 7.0, 3 / 7.0}, {2 / 5.0, 3 / 5.0}};
        INDArray s1 = d(new double[][] {{Math.log(2), 0}, {0, 0}});
        assertMatrix(expected, new Sinkhorn(1.0, 1).codes(s1), 1e-12);
        // the same exponentials with epsilon 0.05, shifted by a huge constant: max subtraction keeps exp finite
        double e = 0.05;
        INDArray s2 = d(new double[][] {{1000 + e * Math.log(2), 1000}, {1000, 1000}});
        assertMatrix(expected, new Sinkhorn(e, 1).codes(s2), 1e-9);
    }

    @Test
    void sinkhornThreeByTwoIdenticalRowsGivesHalves() {
        // identical samples must be split evenly between K=2 prototypes: every code is 1/2 after one iteration
        INDArray s = d(new double[][] {{0.3, -0.2}, {0.3, -0.2}, {0.3, -0.2}});
        assertMatrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}, new Sinkhorn(0.05, 1).codes(s), 1e-12);
    }

    @Test
    void sinkhornMarginalsRowsSumToOneColumnsToBOverK() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] v = new double[6][3];
        for (double[] row : v) {
            for (int k = 0; k < 3; k++) {
                row[k] = 2 * r.nextDouble() - 1;
            }
        }
        INDArray q = new Sinkhorn(0.5, 300).codes(d(v));
        for (int b = 0; b < 6; b++) {
            assertEquals(1.0, q.getRow(b).sumNumber().doubleValue(), 1e-12);
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(2.0, q.getColumn(k).sumNumber().doubleValue(), 1e-6); // B/K = 6/3
        }
        // with the default 3 iterations rows still sum to 1 exactly (the last normalisation is over rows)
        INDArray q3 = new Sinkhorn(0.05, 3).codes(d(v).castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, q3.dataType());
        assertEquals(1.0, q3.getRow(2).sumNumber().doubleValue(), 1e-6);
    }

    @Test
    void lossAndGradientMatchHandComputationTwoCrops() {
        // both crops score [0.1 ln 3, 0] -> softmax(scores / 0.1) = [3/4, 1/4]
        double a = 0.1 * Math.log(3);
        INDArray scores = d(new double[][] {{a, 0}, {a, 0}});
        List<INDArray> codes = List.of(d(new double[][] {{1, 0}}), d(new double[][] {{0.5, 0.5}}));
        SwappedPredictionLoss.Result r = new SwappedPredictionLoss(0.1, new int[] {0, 1}, 2).compute(scores, codes);
        // crop 1 predicts q0 = [1,0]: ln(4/3); crop 0 predicts q1: -(0.5 ln 3/4 + 0.5 ln 1/4) = 0.5 ln(16/3)
        assertEquals((Math.log(4 / 3.0) + 0.5 * Math.log(16 / 3.0)) / 2, r.loss(), 1e-12);
        // d/dscores = (softmax - target) * (1/(|A|(V-1)B)) / T = ([3/4,1/4] - target) * 0.5 * 10
        assertMatrix(new double[][] {{1.25, -1.25}, {-1.25, 1.25}}, r.scoreGradient(), 1e-12);
    }

    @Test
    void lossAveragesOverTheOtherCrops() {
        double a = 0.1 * Math.log(3);
        INDArray scores = d(new double[][] {{a, 0}, {a, 0}, {0, a}});
        // crop 0 assigns [1,0]; crop 1 predicts with p=[3/4,1/4] -> ln(4/3); crop 2 with p=[1/4,3/4] -> ln 4
        SwappedPredictionLoss.Result r = new SwappedPredictionLoss(0.1, new int[] {0}, 3)
                .compute(scores, List.of(d(new double[][] {{1, 0}})));
        assertEquals((Math.log(4 / 3.0) + Math.log(4)) / 2, r.loss(), 1e-12);
        // crop 1: ([3/4,1/4] - [1,0]) * 1/(1*2*1) * 10; crop 2: ([1/4,3/4] - [1,0]) * 5; crop 0 predicts nothing
        assertMatrix(new double[][] {{0, 0}, {-1.25, 1.25}, {-3.75, 3.75}}, r.scoreGradient(), 1e-12);
    }

    @Test
    void headBackwardMatchesFiniteDifferencesWithBatchNorm() {
        checkHead(new ProjectionHead(new int[] {5, 6, 4}, true, DataType.DOUBLE, 11));
    }

    @Test
    void seerHeadBackwardMatchesFiniteDifferences() {
        checkHead(ProjectionHead.seer(5, 6, 4, DataType.DOUBLE, 12));
    }

    private static void checkHead(ProjectionHead proj) {
        int crops = 3;
        int batch = 3;
        SwavHead head = new SwavHead(proj, new Prototypes(7, 4, DataType.DOUBLE, 5));
        INDArray x = Init.uniform(DataType.DOUBLE, 99, 1.0, crops * batch, 5);
        SwappedPredictionLoss loss = new SwappedPredictionLoss(0.1, new int[] {0, 1}, crops);
        Sinkhorn sk = new Sinkhorn(0.05, 3);
        SwavHead.Output out = head.forward(x, Mode.TRAINING);
        long b = batch;
        List<INDArray> codes = List.of(sk.codes(out.scores().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, b),
                org.nd4j.linalg.indexing.NDArrayIndex.all())), sk.codes(out.scores().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(b, 2 * b), org.nd4j.linalg.indexing.NDArrayIndex.all())));
        SwappedPredictionLoss.Result r = loss.compute(out.scores(), codes);
        INDArray dx = out.backward(r.scoreGradient());
        DoubleSupplier f = () -> loss.compute(head.forward(x, Mode.TRAINING).scores(), codes).loss();
        compare("features", x, dx.dup(), f);
        for (Parameter p : head.parameters()) {
            compare(p.name(), p.value(), p.gradient().dup(), f);
        }
    }

    private static void compare(String what, INDArray value, INDArray analytic, DoubleSupplier f) {
        double h = 1e-6;
        long n = value.length();
        long stride = Math.max(1, n / 8); // a spread sample of entries keeps the test fast
        for (long i = 0; i < n; i += stride) {
            double v0 = value.getDouble(i);
            value.putScalar(i, v0 + h);
            double up = f.getAsDouble();
            value.putScalar(i, v0 - h);
            double down = f.getAsDouble();
            value.putScalar(i, v0);
            double numeric = (up - down) / (2 * h);
            double an = analytic.getDouble(i);
            assertEquals(numeric, an, 1e-6 + 1e-5 * Math.abs(numeric), what + "[" + i + "]");
        }
    }

    @Test
    void prototypesAreUnitRowsAndQueueKeepsNewestFirst() {
        Prototypes p = new Prototypes(5, 3, DataType.DOUBLE, 1);
        p.weight().value().muli(3);
        p.normalizeRows();
        for (int k = 0; k < 5; k++) {
            assertEquals(1.0, p.weight().value().getRow(k).norm2Number().doubleValue(), 1e-12);
        }
        EmbeddingQueue q = new EmbeddingQueue(1, 3, 1, DataType.DOUBLE);
        q.push(0, d(new double[][] {{1}, {2}}));
        assertFalse(q.isFull(0));
        q.push(0, d(new double[][] {{3}, {4}}));
        assertTrue(q.isFull(0));
        assertMatrix(new double[][] {{3}, {4}, {1}}, q.contents(0), 0);
    }

    @Test
    void objectiveUsesTheQueueOnceFull() {
        // K=2, D=2, prototypes = identity rows; B=1, V=2, assign crop 0
        Prototypes p = new Prototypes(2, 2, DataType.DOUBLE, 1);
        p.weight().value().assign(d(new double[][] {{1, 0}, {0, 1}}));
        SwavObjective obj = new SwavObjective(new Sinkhorn(0.05, 3), new SwappedPredictionLoss(0.1, new int[] {0}, 2));
        EmbeddingQueue q = new EmbeddingQueue(1, 1, 2, DataType.DOUBLE);
        INDArray z = d(new double[][] {{1, 0}, {0, 1}});
        INDArray s = p.scores(z);
        // queue empty: a single sample with marginal constraint 1/K per prototype -> code [1/2, 1/2]
        SwavObjective.Result first = obj.evaluate(z, s, p, q);
        assertMatrix(new double[][] {{0.5, 0.5}}, first.codes().get(0), 1e-12);
        // queue now holds [1,0]; with queue sample [1,0] and batch sample [1,0] the batch sample still gets 1/2 each
        // (identical rows), which shows both rows went through Sinkhorn; a batch sample [0,1] against queue [1,0]
        // leans to prototype 1
        SwavObjective.Result second = obj.evaluate(d(new double[][] {{0, 1}, {0, 1}}),
                p.scores(d(new double[][] {{0, 1}, {0, 1}})), p, q);
        assertTrue(second.codes().get(0).getDouble(0, 1) > 0.99);
        assertMatrix(new double[][] {{0, 1}}, q.contents(0), 0);
    }

    private static void assertMatrix(double[][] expected, INDArray actual, double tol) {
        assertEquals(expected.length, actual.size(0));
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual.getDouble(i, j), tol, "[" + i + "," + j + "]");
            }
        }
    }
}
