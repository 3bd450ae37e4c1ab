package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Re-planned warm-up + cosine schedules: hand values (lr 0 -> 0.6 -> 0.0006) and no jumps where the plan changes. */
class ReplannableScheduleTest {

    private static WarmupCosineSchedule hundred() {
        return new WarmupCosineSchedule(0, 0.6, 0.0006, 10, 100);
    }

    @Test
    void untilReplannedItIsTheScheduleItStartedFrom() {
        ReplannableSchedule s = new ReplannableSchedule(hundred());
        for (long it = 0; it <= 110; it++) {
            assertEquals(hundred().lr(it), s.lr(it), 0, "iteration " + it);
        }
        assertEquals(100, s.total());
        assertEquals(10, s.warmupEnd());
        assertEquals(0, s.replans());
    }

    @Test
    void aLongerRunReplannedInTheCosineCarriesItsProgressOnToTheNewEnd() {
        ReplannableSchedule s = new ReplannableSchedule(hundred());
        s.replan(50, 200, 20);
        // at 50 the cosine is 40/90 = 4/9 of the way: 0.0006 + 0.2997 * (1 + cos 80 deg) = 0.352342
        assertEquals(0.352342, s.lr(50), 1e-6);
        assertEquals(hundred().lr(50), s.lr(50), 1e-12);
        // 75 of the 150 iterations left: progress 4/9 + 5/9 / 2 = 13/18, cos 130 deg = -0.642788
        assertEquals(0.0006 + 0.2997 * (1 - 0.642788), s.lr(125), 1e-6);
        assertEquals(0.0006, s.lr(200), 1e-12);
        assertEquals(0.0006, s.lr(250), 1e-12);
        assertEquals(hundred().lr(49), s.lr(49), 0); // the past is as it was
        assertEquals(200, s.total());
        assertEquals(10, s.warmupEnd()); // over already: the re-plan does not bring it back
    }

    @Test
    void aRunReplannedInTheWarmupRampsFromWhereItIsToTheNewWarmupsEnd() {
        ReplannableSchedule s = new ReplannableSchedule(hundred());
        s.replan(4, 200, 20);
        assertEquals(0.6 * 4 / 9, s.lr(4), 1e-12); // the old ramp's value
        assertEquals(0.6 * 4 / 9 + (0.6 - 0.6 * 4 / 9) * 8 / 15, s.lr(12), 1e-12); // 8 of the 15 steps to 19
        assertEquals(0.6, s.lr(19), 1e-12);
        assertEquals(0.6, s.lr(20), 1e-12);
        assertEquals(0.0006 + 0.2997, s.lr(110), 1e-12); // half of the cosine's 180 iterations
        assertEquals(20, s.warmupEnd());
    }

    @Test
    void aWarmupThatWouldAlreadyBeOverKeepsTheCurrentRamp() {
        ReplannableSchedule s = new ReplannableSchedule(hundred());
        s.replan(6, 40, 4); // 10% of 40 = 4 < 6: the ramp to 9 stays
        for (long it = 6; it < 10; it++) {
            assertEquals(hundred().lr(it), s.lr(it), 1e-12, "iteration " + it);
        }
        assertEquals(10, s.warmupEnd());
        assertEquals(0.0006 + 0.2997, s.lr(25), 1e-12); // half of the cosine's 30 iterations
        assertEquals(0.0006, s.lr(40), 1e-12);
    }

    @Test
    void manyReplansNeverJumpByMoreThanTheSteepestStepOfTheSchedulesInvolved() {
        ReplannableSchedule s = new ReplannableSchedule(hundred());
        double previous = s.lr(0);
        for (long it = 1; it < 400; it++) {
            if (it % 7 == 0 && it < 250) { // the total swings between 270 and 390
                long total = it % 2 == 0 ? 390 : 270;
                s.replan(it, total, total / 10);
            }
            double lr = s.lr(it);
            // the steepest ramp is the first (0.6 / 9 per step); a cosine step is at most pi / 2 * 0.5994 / (the
            // iterations left to its end), here at least 270 - 249 = 21
            assertTrue(Math.abs(lr - previous) <= 0.6 / 9 + 1e-12, "iteration " + it + ": " + previous + " -> " + lr);
            if (it > s.warmupEnd()) {
                assertTrue(Math.abs(lr - previous) <= Math.PI / 2 * 0.5994 / 21 + 1e-12,
                        "iteration " + it + ": " + previous + " -> " + lr);
            }
            previous = lr;
        }
        assertEquals(270, s.total()); // the last re-plan, at 245 = 7 x 35
        assertEquals(0.0006, s.lr(270), 1e-12);
    }

    @Test
    void replansGoForwardOnly() {
        ReplannableSchedule s = new ReplannableSchedule(hundred());
        s.replan(50, 200, 20);
        assertThrows(IllegalArgumentException.class, () -> s.replan(40, 200, 20));
        assertThrows(IllegalArgumentException.class, () -> s.replan(60, 59, 20));
    }
}
