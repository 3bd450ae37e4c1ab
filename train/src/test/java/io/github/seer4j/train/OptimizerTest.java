package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.seer4j.blocks.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** LARC/SGD updates and the learning-rate schedule against hand math. */
class OptimizerTest {

    /** Each update test runs on both paths: DOUBLE (native ops) and FLOAT (the fused Java loop). */
    private static final DataType[] TYPES = {DataType.DOUBLE, DataType.FLOAT};

    private static Parameter param(double[] w, double[] g, Parameter.Kind kind, DataType type) {
        Parameter p = new Parameter("w", kind, Nd4j.createFromArray(w).castTo(type));
        p.gradient().assign(Nd4j.createFromArray(g));
        return p;
    }

    private static double tol(DataType type, double doubleTolerance) {
        return type == DataType.DOUBLE ? doubleTolerance : 1e-6;
    }

    @Test
    void larcScalesByTrustTimesNormRatio() {
        for (DataType type : TYPES) {
            // w = (3, 4): |w| = 5; g = (0, 2): |g| = 2; wd = 0.1, trust = 0.01
            // adaptive = 0.01 * 5 / (2 + 0.1 * 5 + 1e-8) = 0.05 / 2.5 = 0.02 (to 1e-10)
            // scaled gradient = (g + 0.1 w) * 0.02 = (0.3, 2.4) * 0.02 = (0.006, 0.048)
            // first step: buffer = scaled gradient; w -= lr(=1) * buffer -> (2.994, 3.952)
            Parameter p = param(new double[] {3, 4}, new double[] {0, 2}, Parameter.Kind.CONV_WEIGHT, type);
            new LarsSgd(0.9, 0.1, 0.01, false, false).step(List.of(p), 1.0);
            assertEquals(2.994, p.value().getDouble(0), tol(type, 1e-9));
            assertEquals(3.952, p.value().getDouble(1), tol(type, 1e-9));
        }
    }

    @Test
    void normsOfALongTensorCountEveryValueOnce() {
        // n = 49,157 values (three 16 K chunks and a tail of 5): w = 1 everywhere, so |w| = sqrt(n); g = 0 but
        // g[12345] = 4 and g[n - 1] = 3, so |g| = 5; adaptive = 0.01 sqrt(n) / (5 + 0.1 sqrt(n) + 1e-8)
        int n = 3 * 16384 + 5;
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        float[] g = new float[n];
        g[12345] = 4;
        g[n - 1] = 3;
        double adaptive = 0.01 * Math.sqrt(n) / (5 + 0.1 * Math.sqrt(n) + 1e-8);
        Parameter p = new Parameter("w", Parameter.Kind.CONV_WEIGHT, Nd4j.createFromArray(w));
        p.gradient().assign(Nd4j.createFromArray(g));
        new LarsSgd(0.9, 0.1, 0.01, false, false).step(List.of(p), 1.0);
        assertEquals(1 - adaptive * 0.1, p.value().getDouble(0), 1e-6);
        assertEquals(1 - adaptive * 4.1, p.value().getDouble(12345), 1e-6);
        assertEquals(1 - adaptive * 3.1, p.value().getDouble(n - 1), 1e-6);
    }

    @Test
    void tensorsSharedOutOverThreadsGetTheSameUpdate() {
        // the LARC case above on five tensors, split over two threads (every part of the split used)
        int previous = io.github.seer4j.blocks.EngineThreads.threads();
        io.github.seer4j.blocks.EngineThreads.set(2);
        io.github.seer4j.blocks.EngineThreads.splitSmallWork(true);
        try {
            List<Parameter> ps = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Parameter p = new Parameter("w" + i, Parameter.Kind.CONV_WEIGHT,
                        Nd4j.createFromArray(new float[] {3, 4}));
                p.gradient().assign(Nd4j.createFromArray(new float[] {0, 2}));
                ps.add(p);
            }
            new LarsSgd(0.9, 0.1, 0.01, false, false).step(ps, 1.0);
            for (Parameter p : ps) {
                assertEquals(2.994, p.value().getDouble(0), 1e-6, p.name());
                assertEquals(3.952, p.value().getDouble(1), 1e-6, p.name());
            }
        } finally {
            io.github.seer4j.blocks.EngineThreads.set(previous);
            io.github.seer4j.blocks.EngineThreads.splitSmallWork(false);
        }
    }

    @Test
    void momentumAccumulatesLikePyTorch() {
        for (DataType type : TYPES) {
            // plain SGD, no decay: g = 1 twice; buffers 1 then 0.9 * 1 + 1 = 1.9; lr 0.1 -> w = 1 - 0.1 - 0.19 = 0.71
            Parameter p = param(new double[] {1}, new double[] {1}, Parameter.Kind.CONV_WEIGHT, type);
            LarsSgd sgd = LarsSgd.sgd(0.9, 0);
            sgd.step(List.of(p), 0.1);
            sgd.step(List.of(p), 0.1);
            assertEquals(0.71, p.value().getDouble(0), tol(type, 1e-12));
        }
    }

    @Test
    void zeroNormKeepsThePlainUpdate() {
        for (DataType type : TYPES) {
            // |w| = 0: no LARC scaling; update = lr * (g + wd * w) = 0.5 * 2 = 1
            Parameter p = param(new double[] {0}, new double[] {2}, Parameter.Kind.CONV_WEIGHT, type);
            new LarsSgd(0.9, 0.1, 0.001, false, false).step(List.of(p), 0.5);
            assertEquals(-1.0, p.value().getDouble(0), tol(type, 1e-12));
        }
    }

    @Test
    void zeroGradientNormMeansNoDecayEither() {
        for (DataType type : TYPES) {
            // apex LARC: with |g| = 0 neither scaling nor weight decay applies, so w stays (3, 4)
            Parameter p = param(new double[] {3, 4}, new double[] {0, 0}, Parameter.Kind.CONV_WEIGHT, type);
            new LarsSgd(0.9, 0.1, 0.001, false, false).step(List.of(p), 1.0);
            assertEquals(3.0, p.value().getDouble(0), tol(type, 0));
            assertEquals(4.0, p.value().getDouble(1), tol(type, 0));
        }
    }

    @Test
    void clipCapsTheAdaptiveRateAtOne() {
        for (DataType type : TYPES) {
            // adaptive = 1 * 5 / (2 + 0) = 2.5; clip: min(2.5 / lr(=0.5), 1) = 1 -> plain step 0.5 * g
            Parameter p = param(new double[] {3, 4}, new double[] {0, 2}, Parameter.Kind.CONV_WEIGHT, type);
            new LarsSgd(0, 0, 1, true, false).step(List.of(p), 0.5);
            assertEquals(3.0, p.value().getDouble(0), tol(type, 1e-9));
            assertEquals(3.0, p.value().getDouble(1), tol(type, 1e-9));
        }
    }

    @Test
    void biasesSkipDecayWhenExcluded() {
        for (DataType type : TYPES) {
            Parameter p = param(new double[] {1}, new double[] {0}, Parameter.Kind.BIAS, type);
            LarsSgd.sgd(0.9, 0.5).step(List.of(p), 1.0);
            assertEquals(1.0, p.value().getDouble(0), tol(type, 0));
        }
    }

    @Test
    void scheduleByHand() {
        // warm-up linspace(0, 1, 5) = 0, .25, .5, .75, 1; then cosine over 10 iterations from 1 to 0.1
        WarmupCosineSchedule s = new WarmupCosineSchedule(0, 1.0, 0.1, 5, 15);
        assertEquals(0.0, s.lr(0), 1e-12);
        assertEquals(0.25, s.lr(1), 1e-12);
        assertEquals(1.0, s.lr(4), 1e-12);
        assertEquals(1.0, s.lr(5), 1e-12); // t = 0: base
        assertEquals(0.55, s.lr(10), 1e-12); // t = 5 of 10: 0.1 + 0.45 * (1 + cos(pi/2))
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI * 0.8)), s.lr(13), 1e-12);
        assertEquals(0.1, s.lr(15), 1e-12);
        assertEquals(0.1, s.lr(99), 1e-12);
    }

    @Test
    void runThatIsAllWarmUpStaysAtTheBaseRateAfterwards() {
        // warm-up linspace(0, 0.6, 4) = 0, 0.2, 0.4, 0.6 over all 4 iterations; later iterations (a benchmark running
        // past the end) keep 0.6 instead of the 0/0 of an empty cosine part
        WarmupCosineSchedule s = new WarmupCosineSchedule(0, 0.6, 0.0006, 4, 4);
        assertEquals(0.4, s.lr(2), 1e-12);
        assertEquals(0.6, s.lr(3), 1e-12);
        assertEquals(0.6, s.lr(4), 0);
        assertEquals(0.6, s.lr(100), 0);
    }
}
