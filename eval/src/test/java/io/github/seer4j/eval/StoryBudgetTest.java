package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The story's budget arithmetic, checked against hand calculations. */
class StoryBudgetTest {

    @Test
    void thirtyMinutesSplitSixtyTwentyFiveFifteen() {
        StoryBudget b = StoryBudget.ofMinutes(30);
        assertEquals(1800, b.totalSeconds(), 1e-9);
        assertEquals(1080, b.pretrainSeconds(), 1e-9);   // 0.60 * 1800
        assertEquals(450, b.supervisedSeconds(), 1e-9);  // 0.25 * 1800
        assertEquals(270, b.evaluationSeconds(), 1e-9);  // 0.15 * 1800
    }

    @Test
    void supervisedTimeFollowsTheSquareRootOfTheSubsetSize() {
        // sqrt(100), sqrt(400), sqrt(900) = 10, 20, 30: the first run gets 10/60 of 450 s
        assertEquals(75, StoryBudget.firstShare(450, new int[] {100, 400, 900}), 1e-9);
        // then the remaining 375 s between 20 and 30
        assertEquals(150, StoryBudget.firstShare(375, new int[] {400, 900}), 1e-9);
        // the last run gets all that is left, overrun or not
        assertEquals(225, StoryBudget.firstShare(225, new int[] {900}), 1e-9);
        assertEquals(0, StoryBudget.firstShare(-5, new int[] {900}), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> StoryBudget.firstShare(10, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> StoryBudget.firstShare(10, new int[] {0, 4}));
    }

    @Test
    void stepsAreTheTimeTimesTheRateInWholeBatchesWithinBounds() {
        assertEquals(100, StoryBudget.steps(100, 64, 64, 20, Long.MAX_VALUE));  // 100 s * 64 img/s / 64 img
        assertEquals(156, StoryBudget.steps(100, 100, 64, 1, 1000));            // floor(10000 / 64) = 156
        assertEquals(20, StoryBudget.steps(10, 64, 64, 20, Long.MAX_VALUE));    // 10 steps fit, at least 20
        assertEquals(50, StoryBudget.steps(100, 64, 64, 0, 50));                // 100 fit, at most 50
        assertEquals(3, StoryBudget.steps(-4, 64, 64, 3, 50));                  // no time left: the minimum
        assertThrows(IllegalArgumentException.class, () -> StoryBudget.steps(1, 0, 64, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> StoryBudget.steps(1, 1, 64, 3, 2));
    }

    @Test
    void badBudgetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> StoryBudget.ofMinutes(0));
        assertThrows(IllegalArgumentException.class, () -> new StoryBudget(60, 0.8, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new StoryBudget(60, 0, 0.2));
    }
}
