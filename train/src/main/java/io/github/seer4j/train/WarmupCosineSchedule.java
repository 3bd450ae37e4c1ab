package io.github.seer4j.train;

/**
 * SwAV's learning rate per iteration (main_swav.py): {@code warmupIters} values evenly spaced from
 * {@code startWarmup} to {@code base} (both included, as numpy's linspace), then a cosine from {@code base} to
 * {@code end} over the remaining iterations: {@code end + (base - end) * (1 + cos(pi * t / T)) / 2}.
 */
public record WarmupCosineSchedule(double startWarmup, double base, double end, long warmupIters, long totalIters) {

    public WarmupCosineSchedule {
        if (warmupIters < 0 || totalIters < 1 || warmupIters > totalIters) {
            throw new IllegalArgumentException("need 0 <= warmup iterations <= total iterations and total >= 1; got "
                    + warmupIters + " and " + totalIters);
        }
        if (!(base > 0) || !(end >= 0) || !(startWarmup >= 0)) {
            throw new IllegalArgumentException("learning rates must be >= 0 (base > 0); got start " + startWarmup
                    + ", base " + base + ", end " + end);
        }
    }

    /** The learning rate of iteration {@code it} (0-based); iterations past the end keep the final value. */
    public double lr(long it) {
        if (it < warmupIters) {
            return warmupIters == 1 ? base : startWarmup + (base - startWarmup) * it / (double) (warmupIters - 1);
        }
        if (warmupIters == totalIters) {
            return base; // a run that is all warm-up (no cosine part) ends, and stays, at the base rate
        }
        long t = Math.min(it - warmupIters, totalIters - warmupIters);
        double span = totalIters - warmupIters;
        return end + 0.5 * (base - end) * (1 + Math.cos(Math.PI * t / span));
    }
}
