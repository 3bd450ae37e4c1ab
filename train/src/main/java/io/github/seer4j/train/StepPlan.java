package io.github.seer4j.train;

/**
 * What a {@link SwavPretrainer} asks before and after every step: how many iterations the run has in all, the
 * learning rate of an iteration, and how long the prototypes stay frozen. The default plan is the configuration's
 * (fixed steps, {@link WarmupCosineSchedule}); a time-budgeted run passes one that re-plans its length as its step
 * rate settles ({@link SwavPretrainer#plan}). Single-process runs only: ranks of a data-parallel run would re-plan
 * differently.
 */
public interface StepPlan {

    /** The iterations the run has in all, as planned now. */
    long total();

    /** The learning rate of iteration {@code it} (0-based). */
    double lr(long it);

    /** Whether the prototypes are frozen (not updated) at iteration {@code it}. */
    boolean prototypesFrozen(long it);

    /** Called after each step with the iterations done so far; a budgeted plan measures and re-plans here. */
    default void stepped(long iterationsDone) {
    }

    /**
     * The configuration's plan: {@code total} iterations (asked each time: a trainer's loader can change), this
     * schedule, prototypes frozen for the first {@code freeze}.
     */
    static StepPlan fixed(java.util.function.LongSupplier total, WarmupCosineSchedule schedule, long freeze) {
        return new StepPlan() {
            @Override
            public long total() {
                return total.getAsLong();
            }

            @Override
            public double lr(long it) {
                return schedule.lr(it);
            }

            @Override
            public boolean prototypesFrozen(long it) {
                return it < freeze;
            }
        };
    }
}
