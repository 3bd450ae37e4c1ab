package io.github.seer4j.eval;

import io.github.seer4j.train.SwavStepBenchmark;

/** How long a time-budgeted run warms up before measuring its step rate (see SwavStepBenchmark#steadyImagesPerSecond). */
final class Calibration {

    private Calibration() {
    }

    /**
     * The least warm-up before timing steps, for a pretraining share of {@code pretrainSeconds}: 3% of it, at most
     * 20 s. The JIT needs 10-20 s to compile the kernels; a calibration that stopped at the first plateau measured 446
     * img/s for a run that then went at 843.
     */
    static double minWarmupSeconds(double pretrainSeconds) {
        return Math.max(0, Math.min(20, 0.03 * pretrainSeconds));
    }
}
