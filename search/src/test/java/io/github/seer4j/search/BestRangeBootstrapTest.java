package io.github.seer4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The paper's bootstrap of the best range: seeded determinism and a case with a known answer. */
class BestRangeBootstrapTest {

    private static double[] oneTo(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    @Test
    void sameSeedSameInterval() {
        double[] values = oneTo(40);
        double[] scores = new double[40];
        for (int i = 0; i < 40; i++) {
            scores[i] = Math.abs(Math.sin(i * 1.7)); // arbitrary fixed scores
        }
        var a = BestRangeBootstrap.run(values, scores, 0.25, 2000, 7);
        var b = BestRangeBootstrap.run(values, scores, 0.25, 2000, 7);
        assertEquals(a, b);
        assertEquals(10, a.sampleSize());
    }

    @Test
    void bestOfTwentyFiveDrawsFromOneToHundred() {
        // value == score: the best of 25 draws with replacement from 1..100 is their minimum, whose
        // 97.5th percentile solves ((100 - k) / 100)^25 = 0.025, k = 100 * (1 - 0.025^(1/25)) = 13.7
        double[] v = oneTo(100);
        var iv = BestRangeBootstrap.run(v, v, 0.25, 20000, 1);
        assertEquals(1.0, iv.low());
        assertTrue(iv.high() >= 13 && iv.high() <= 15, "high " + iv.high());
        // median solves ((100 - k) / 100)^25 = 0.5: k = 2.7
        assertTrue(iv.median() >= 2 && iv.median() <= 4, "median " + iv.median());
        var other = BestRangeBootstrap.run(v, v, 0.25, 20000, 2);
        assertNotEquals(iv, BestRangeBootstrap.run(v, v, 0.25, 19999, 2), "sanity: inputs matter");
        assertEquals(1.0, other.low());
    }

    @Test
    void percentileIsNumpysLinear() {
        double[] s = {1, 2, 3, 4};
        assertEquals(2.5, BestRangeBootstrap.percentile(s, 50), 1e-12);
        assertEquals(1.075, BestRangeBootstrap.percentile(s, 2.5), 1e-12);
        assertEquals(3.925, BestRangeBootstrap.percentile(s, 97.5), 1e-12);
    }
}
