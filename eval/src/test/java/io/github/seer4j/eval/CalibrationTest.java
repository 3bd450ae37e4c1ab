package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The calibration warm-up: 3% of the pretraining share, at most 20 s (hand values). */
class CalibrationTest {

    @Test
    void warmsUpThreePercentOfThePretrainingShareAtMostTwentySeconds() {
        assertEquals(13.5, Calibration.minWarmupSeconds(450), 1e-12); // 7.5 of quickstart's 10 minutes
        assertEquals(1.8, Calibration.minWarmupSeconds(60), 1e-12);
        assertEquals(20, Calibration.minWarmupSeconds(1080), 0); // story: 30 min x 0.6 = 1080 s -> 32.4, capped
        assertEquals(0, Calibration.minWarmupSeconds(0), 0);
    }
}
