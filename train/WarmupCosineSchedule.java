package train;

/**
 * main_swav.py's per-iteration learning rate: linspace(startWarmup, base, warmupIters) (end point included), then
 * final + (base - final) (1 + cos(pi t / T)) / 2 over the remaining T iterations; {@code final} afterwards.
 */
public record WarmupCosineSchedule(double baseLr, double finalLr, double startWarmup, long warmupIters,
        long totalIters) {

    public WarmupCosineSchedule {
        if (warmupIters < 0 || totalIters < 1 || warmupIters > totalIters) {
            throw new IllegalArgumentException("need 0 <= warmup iterations <= total iterations and total >= 1, got "
                    + warmupIters + " / " + totalIters);
        }
        if (!(baseLr > 0) || finalLr < 0 || startWarmup < 0) {
            throw new IllegalArgumentException("learning rates must be base > 0, final >= 0, start >= 0, got "
                    + baseLr + ", " + finalLr + ", " + startWarmup);
        }
    }

    public double at(long iteration) {
        if (iteration < warmupIters) {
            return warmupIters == 1 ? startWarmup
                    : startWarmup + (baseLr - startWarmup) * iteration / (double) (warmupIters - 1);
        }
        long span = totalIters - warmupIters;
        long t = iteration - warmupIters;
        if (t >= span) {
            return finalLr;
        }
        return finalLr + 0.5 * (baseLr - finalLr) * (1 + Math.cos(Math.PI * t / span));
    }
}
