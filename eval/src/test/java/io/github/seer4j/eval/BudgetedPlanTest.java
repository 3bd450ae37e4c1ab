package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.train.PretrainConfig;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Budgeted SwAV runs on a fake clock: a 100 s share, steps of 0.1 s unless said otherwise (1,000 fit), the
 * calibration's rate off by the given factor; the test drives the plan as the trainer does (learning rate, step,
 * {@code stepped}) until the plan is done.
 */
class BudgetedPlanTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long SHARE = 100 * SECOND;

    /** How a run went: steps, the clock at its end, and the largest change of the learning rate between steps. */
    private record Run(long steps, long end, double maxJump, double lastLr, BudgetedPlan plan) {}

    /** A run whose step {@code i} (0-based) takes {@code stepNanos.applyAsLong(i)}, planned at {@code calibration} s/step. */
    private static Run run(double calibration, LongUnaryOperator stepNanos) {
        long[] now = {0};
        long planned = (long) Math.floor(100 / calibration); // StoryBudget.steps at the calibrated rate
        BudgetedPlan plan = new BudgetedPlan(PretrainConfig.defaults(), planned, calibration, SHARE, () -> now[0], 1,
                Long.MAX_VALUE);
        long it = 0;
        double previous = plan.lr(0);
        double maxJump = 0;
        while (it < plan.total()) {
            double lr = plan.lr(it);
            maxJump = Math.max(maxJump, Math.abs(lr - previous));
            previous = lr;
            now[0] += stepNanos.applyAsLong(it);
            it++;
            plan.stepped(it);
        }
        return new Run(it, now[0], maxJump, previous, plan);
    }

    @Test
    void aCalibrationThatReadsAQuarterLowStillFillsTheShare() {
        // calibrated at 0.1 / 0.75 s per step: 750 steps planned where 1,000 fit
        Run r = run(0.1 / 0.75, i -> SECOND / 10);
        assertTrue(r.end() >= 95 * SECOND && r.end() <= SHARE, "ended at " + r.end() / 1e9 + " s");
        assertTrue(r.steps() >= 950 && r.steps() <= 1000, r.steps() + " steps");
        // warm-up re-planned to 10% of the longer run while still in it (the first re-plan comes after 5 s = 50 steps)
        assertTrue(r.plan().warmupEnd() >= 95 && r.plan().warmupEnd() <= 100, "warm-up to " + r.plan().warmupEnd());
        // PretrainConfig.defaults: 0 -> 0.6 -> 0.0006. No jump beyond the first plan's ramp (0.6 / 74 per step), the
        // run ends at the cosine's end
        assertTrue(r.maxJump() <= 0.6 / 74 + 1e-12, "jump " + r.maxJump());
        assertTrue(r.lastLr() < 0.001, "last lr " + r.lastLr());
    }

    @Test
    void aCalibrationThatReadsHighEndsBeforeTheShareIsOver() {
        // calibrated at 0.1 / 1.25 s per step: 1,250 steps planned where 1,000 fit
        Run r = run(0.1 / 1.25, i -> SECOND / 10);
        assertTrue(r.end() >= 95 * SECOND && r.end() <= SHARE, "ended at " + r.end() / 1e9 + " s");
        assertTrue(r.steps() >= 950 && r.steps() <= 1000, r.steps() + " steps");
        assertTrue(r.lastLr() < 0.001, "last lr " + r.lastLr());
    }

    @Test
    void stepsThatSlowDownOverrunByNoMoreThanOneStep() {
        // right calibration, then from step 500 (50 s) steps take 0.3 s: 166 more fit
        Run r = run(0.1, i -> i < 500 ? SECOND / 10 : 3 * SECOND / 10);
        assertTrue(r.end() >= 95 * SECOND && r.end() <= SHARE + 3 * SECOND / 10, "ended at " + r.end() / 1e9 + " s");
        assertTrue(r.steps() >= 500 + 150 && r.steps() <= 500 + 167, r.steps() + " steps");
        // a sudden 5 s step at 99 s: the only overrun is that step
        Run late = run(0.1, i -> i == 990 ? 5 * SECOND : SECOND / 10);
        assertEquals(991, late.steps());
        assertEquals(104 * SECOND, late.end());
    }

    @Test
    void noisyStepsStillEndWithinTheShare() {
        // steps alternate 0.05 and 0.15 s in blocks of 7 (0.1 s on average), calibration 30% low
        Run r = run(0.1 / 0.7, i -> (i / 7) % 2 == 0 ? SECOND / 20 : 3 * SECOND / 20);
        assertTrue(r.end() >= 95 * SECOND && r.end() <= SHARE + 3 * SECOND / 20, "ended at " + r.end() / 1e9 + " s");
    }

    @Test
    void aRunHasItsMinimumStepsEvenPastTheDeadline() {
        long[] now = {0};
        // 2 s per step in a 10 s share, 20 steps at least
        BudgetedPlan plan = new BudgetedPlan(PretrainConfig.defaults(), 20, 2, 10 * SECOND, () -> now[0], 20, 1000);
        long it = 0;
        while (it < plan.total()) {
            now[0] += 2 * SECOND;
            it++;
            plan.stepped(it);
        }
        assertEquals(20, it);
    }
}
