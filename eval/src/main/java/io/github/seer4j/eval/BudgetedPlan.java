package io.github.seer4j.eval;

import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.train.ReplannableSchedule;
import io.github.seer4j.train.StepPlan;
import io.github.seer4j.train.WarmupCosineSchedule;
import java.util.function.LongSupplier;

/**
 * A SwAV run that fills its time share: it starts with the steps a calibration planned and re-plans them as it goes,
 * from the rate of its own recent steps, so that it ends at the deadline however far off the calibration was (the
 * short calibration read 15-30% low: a 30-minute story used 683 s of its 1,080 s share). The learning rate follows
 * the plan without jumps ({@link ReplannableSchedule}); warm-up and frozen prototypes last the first
 * {@link PretrainConfig#SCHEDULE_FRACTION} of the run as planned at the time (as {@link PretrainConfig#scheduledFor}).
 * <p>
 * After each step: once {@link #REPLAN_FRACTION} of the time left has passed since the last re-plan (at least
 * {@link #MIN_WINDOW_SECONDS} and {@link #MIN_WINDOW_STEPS} steps), the rate of the steps since then sets the total
 * to the steps done plus the steps that fit before the deadline; a run whose plan is done with time for another step
 * left re-plans at once. A step never starts when the latest rate says it would end past the deadline, so a run ends
 * after the deadline by at most part of its last step (a step slower than those before it).
 */
final class BudgetedPlan implements StepPlan {

    /** The share of the time left after which the plan is revised. */
    static final double REPLAN_FRACTION = 0.05;
    /** The least time between re-plans (a shorter window's rate is noise). */
    static final double MIN_WINDOW_SECONDS = 1;
    /** The least steps between re-plans. */
    static final int MIN_WINDOW_STEPS = 3;
    /**
     * Seconds kept at the end of a share for what follows the last step: the final checkpoint and the loss chart
     * (0.8 s for the quickstart's chart on a loaded 2-core machine).
     */
    static final double END_SECONDS = 2;

    private final ReplannableSchedule schedule;
    private final LongSupplier clock;
    private final long deadline;
    private final long minSteps;
    private final long maxSteps;
    private double secondsPerStep;
    private long total;
    private long markTime = Long.MIN_VALUE;
    private long markSteps;

    /**
     * @param cfg            the run's settings (learning rates; its steps are not used)
     * @param plannedSteps   the calibration's plan: steps at its rate from now to the deadline
     * @param secondsPerStep the calibration's time per step, used until the run has measured its own
     * @param deadline       when the run must end, on {@code clock}
     * @param clock          nanoseconds ({@code System::nanoTime})
     * @param minSteps       the run has at least these steps, even past the deadline
     * @param maxSteps       and at most these
     */
    BudgetedPlan(PretrainConfig cfg, long plannedSteps, double secondsPerStep, long deadline, LongSupplier clock,
                 long minSteps, long maxSteps) {
        if (!(secondsPerStep > 0) || minSteps < 1 || maxSteps < minSteps || plannedSteps < minSteps
                || plannedSteps > maxSteps) {
            throw new IllegalArgumentException("need a positive time per step and 1 <= min <= planned <= max steps,"
                    + " got " + secondsPerStep + " s and " + minSteps + " <= " + plannedSteps + " <= " + maxSteps);
        }
        this.minSteps = minSteps;
        this.maxSteps = maxSteps;
        this.schedule = new ReplannableSchedule(new WarmupCosineSchedule(cfg.startWarmup(), cfg.baseLr(),
                cfg.finalLr(), warmup(plannedSteps), plannedSteps));
        this.total = plannedSteps;
        this.secondsPerStep = secondsPerStep;
        this.deadline = deadline;
        this.clock = clock;
    }

    private static long warmup(long total) {
        return (long) (total * PretrainConfig.SCHEDULE_FRACTION);
    }

    @Override
    public long total() {
        return total;
    }

    @Override
    public double lr(long it) {
        return schedule.lr(it);
    }

    @Override
    public boolean prototypesFrozen(long it) {
        return it < schedule.warmupEnd();
    }

    /** The warm-up's end as planned now. */
    long warmupEnd() {
        return schedule.warmupEnd();
    }

    /** How many times the plan changed. */
    int replans() {
        return schedule.replans();
    }

    /** The latest measured (or, before any, the calibrated) seconds per step. */
    double secondsPerStep() {
        return secondsPerStep;
    }

    @Override
    public void stepped(long done) {
        long now = clock.getAsLong();
        if (markTime == Long.MIN_VALUE) { // the first step carries the run's start-up: rates count from its end
            markTime = now;
            markSteps = done;
        }
        double left = (deadline - now) / 1e9;
        double window = (now - markTime) / 1e9;
        long steps = done - markSteps;
        boolean measured = steps >= MIN_WINDOW_STEPS && window >= MIN_WINDOW_SECONDS;
        if (measured && (window >= REPLAN_FRACTION * left || done >= total)) {
            secondsPerStep = window / steps;
            markTime = now;
            markSteps = done;
        }
        if (left < secondsPerStep && done >= minSteps) {
            total = done; // another step would end past the deadline
            return;
        }
        if (markSteps == done || done >= total) {
            long fit = (long) Math.floor(Math.max(0, left) / secondsPerStep);
            long next = Math.max(minSteps, Math.min(maxSteps, done + Math.max(1, fit)));
            if (next != total && next > done) {
                schedule.replan(done, next, warmup(next));
                total = next;
            }
        }
    }
}
