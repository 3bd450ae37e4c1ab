package train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import blocks.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class OptimizationTest {

    private static Parameter param(String name, double[] w, double[] g) {
        Parameter p = new Parameter(name, Parameter.Kind.LINEAR_WEIGHT, Nd4j.createFromArray(w).castTo(DataType.DOUBLE));
        p.gradient().assign(Nd4j.createFromArray(g).castTo(DataType.DOUBLE));
        return p;
    }

    @Test
    void larcUpdateMatchesHandMath() {
        // w = [3, 4] (|w| = 5), g = [0, 0.1] (|g| = 0.1), wd = 0.01, trust = 0.001, lr = 0.1, eps 1e-8
        // adaptive = 0.001 * 5 / (0.1 + 0.05 + 1e-8) = 0.0333333111; clipped: min(adaptive / 0.1, 1) = 0.333333111
        // g' = (g + 0.01 w) * r = [0.03, 0.14] * r; w -= 0.1 * g'
        LarsSgd opt = new LarsSgd(0.9, 0.01, 0.001, true);
        Parameter p = param("w", new double[] {3, 4}, new double[] {0, 0.1});
        double r = 0.001 * 5 / (0.15 + 1e-8) / 0.1;
        opt.step(List.of(p), 0.1);
        assertEquals(3 - 0.1 * 0.03 * r, p.value().getDouble(0), 1e-12);
        assertEquals(4 - 0.1 * 0.14 * r, p.value().getDouble(1), 1e-12);
        // second step with the same gradient: buf = 0.9 buf + g'' where g'' uses the new |w|
        double w0 = p.value().getDouble(0);
        double w1 = p.value().getDouble(1);
        double wn = Math.hypot(w0, w1);
        double gx = 0.01 * w0;
        double gy = 0.1 + 0.01 * w1;
        double r2 = Math.min(0.001 * wn / (0.1 + wn * 0.01 + 1e-8) / 0.1, 1);
        opt.step(List.of(p), 0.1);
        assertEquals(w0 - 0.1 * (0.9 * 0.03 * r + gx * r2), p.value().getDouble(0), 1e-12);
        assertEquals(w1 - 0.1 * (0.9 * 0.14 * r + gy * r2), p.value().getDouble(1), 1e-12);
    }

    @Test
    void zeroNormsLeaveTheGradientUnscaledAndUndecayed() {
        LarsSgd opt = new LarsSgd(0.9, 0.5, 0.001, true);
        Parameter zeroW = param("a", new double[] {0, 0}, new double[] {1, 2});
        Parameter zeroG = param("b", new double[] {1, 2}, new double[] {0, 0});
        opt.step(List.of(zeroW, zeroG), 0.1);
        assertEquals(-0.1, zeroW.value().getDouble(0), 1e-15);
        assertEquals(-0.2, zeroW.value().getDouble(1), 1e-15);
        assertEquals(1, zeroG.value().getDouble(0), 0); // no weight decay when the gradient norm is 0
        assertEquals(1.0, opt.ratio(0, 3, 0.1), 0);
        // clip: a huge adaptive ratio is capped at 1 (= plain SGD at lr)
        assertEquals(1.0, new LarsSgd(0.9, 0, 0.001, true).ratio(1000, 1e-3, 0.1), 0);
        // unclipped: trust * 1 / (2 + 1e-8) = 0.0005 (independent of lr)
        assertEquals(0.001 / (2 + 1e-8), new LarsSgd(0.9, 0, 0.001, false).ratio(1, 2, 0.1), 1e-18);
    }

    @Test
    void scheduleValuesMatchMainSwav() {
        // warm-up over 5 iterations from 0 to 1: linspace(0, 1, 5) = 0, .25, .5, .75, 1
        WarmupCosineSchedule s = new WarmupCosineSchedule(1.0, 0.1, 0.0, 5, 15);
        assertEquals(0.0, s.at(0), 1e-15);
        assertEquals(0.25, s.at(1), 1e-15);
        assertEquals(1.0, s.at(4), 1e-15);
        // cosine over T = 10: t = 0 -> base; t = 5 -> (1 + 0.1) / 2; t = 10 (end) -> final
        assertEquals(1.0, s.at(5), 1e-15);
        assertEquals(0.55, s.at(10), 1e-12);
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI * 0.2)), s.at(7), 1e-12);
        assertEquals(0.1, s.at(15), 0);
    }
}
