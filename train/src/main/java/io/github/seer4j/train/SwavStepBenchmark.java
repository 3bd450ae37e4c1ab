package io.github.seer4j.train;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import io.github.seer4j.regnet.StepBenchmark;
import io.github.seer4j.swav.MultiCropBatch;
import io.github.seer4j.swav.MultiCropLoader;

/**
 * Times SwAV training steps of a {@link SwavPretrainer} on real multi-crop batches, once with the step workspace and
 * once without, in the same run: images/s, the time split of a step (augmentation on the calling thread, forward,
 * Sinkhorn + loss, backward, update) and the memory each step allocates (off-heap growth, JVM heap bytes, and the
 * off-heap bytes a step asks for, which the workspace learns on its first loop).
 */
public final class SwavStepBenchmark {

    /**
     * Per-step means of one mode. Seconds per step; bytes per step unless named peak. {@code heapAllocatedPerStepBytes}
     * is the training step's JVM heap garbage, {@code augmentHeapPerStepBytes} that of building its batch (which a
     * training run does on the loader's worker threads).
     */
    public record Mode(boolean workspaces, double imagesPerSecond, double stepSeconds, double augmentSeconds,
            double forwardSeconds, double objectiveSeconds, double backwardSeconds, double updateSeconds,
            long offHeapGrowthPerStepBytes, long heapAllocatedPerStepBytes, long augmentHeapPerStepBytes,
            long peakOffHeapBytes) {}

    /** Both modes plus the step's workspace size (the off-heap bytes a step allocates when workspaces are off). */
    public record Result(String model, long parameters, String crops, int batch, int prototypes, int steps,
            long stepWorkspaceBytes, Mode withWorkspaces, Mode withoutWorkspaces) {

        /** A flat JSON object for the CLI. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("parameters", parameters);
            m.put("crops", crops);
            m.put("batch", batch);
            m.put("prototypes", prototypes);
            m.put("steps", steps);
            m.put("imagesPerSecond", withWorkspaces.imagesPerSecond());
            m.put("threads", io.github.seer4j.blocks.EngineThreads.threads());
            m.put("physicalCores", io.github.seer4j.blocks.EngineThreads.physicalCores());
            m.put("kernels", io.github.seer4j.blocks.Kernels.name());
            m.put("convolutions", io.github.seer4j.blocks.Kernels.convolutions());
            m.put("stepWorkspaceBytes", stepWorkspaceBytes);
            m.put("withWorkspaces", withWorkspaces);
            m.put("withoutWorkspaces", withoutWorkspaces);
            return m;
        }
    }

    private SwavStepBenchmark() {}

    /**
     * @param warmup        steps run first in each mode and not timed (the workspace learns its size on the first)
     * @param warmupSeconds ... and for at least this long (the JIT compiles the Java kernels over the first seconds)
     * @param steps         timed steps per mode
     */
    public static Result run(SwavPretrainer trainer, String model, long parameters, int warmup, double warmupSeconds,
                             int steps) {
        if (warmup < 1 || steps < 2 || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("need warmup >= 1, steps >= 2 and warm-up seconds >= 0, got " + warmup
                    + ", " + steps + " and " + warmupSeconds);
        }
        long[] iteration = {0};
        Mode on = measure(trainer.workspaces(true), warmup, warmupSeconds, steps, iteration);
        long wsBytes = StepBenchmark.workspaceBytes();
        Mode off = measure(trainer.workspaces(false), warmup, warmupSeconds, steps, iteration);
        PretrainConfig cfg = trainer.config();
        return new Result(model, parameters, cfg.crops(), cfg.batchSize(), cfg.prototypes(), steps, wsBytes, on, off);
    }

    /**
     * The steady SwAV step rate on this machine, for planning a run within a time budget: steps run until their
     * rate settles (the JIT compiles the Java kernels during the first seconds, when steps are several times slower:
     * a rate from the first steps alone planned a 10-minute quickstart's pretraining as 42 seconds), at most
     * {@code maxWarmupSeconds}, then {@code steps} are timed. Images per second, augmentation excluded (it runs on
     * background threads in a real run).
     */
    public static double steadyImagesPerSecond(SwavPretrainer trainer, int steps, double minWarmupSeconds,
                                               double maxWarmupSeconds) {
        if (steps < 1 || !(minWarmupSeconds >= 0) || !(maxWarmupSeconds >= minWarmupSeconds)) {
            throw new IllegalArgumentException("need steps >= 1 and 0 <= min <= max warm-up seconds, got " + steps
                    + ", " + minWarmupSeconds + " and " + maxWarmupSeconds);
        }
        CollapseMonitor collapse = new CollapseMonitor(trainer.config().prototypes());
        // batches come from the background augmentation threads, as in a real run: they compete for the cores
        // (a calibration that built batches between untimed steps planned 20,439 steps at 1,236 img/s for a run
        // that then went at about 970)
        try (Batches batches = new Batches(trainer)) {
            long start = System.nanoTime();
            java.util.List<Double> times = new java.util.ArrayList<>();
            // the step time can pause on a plateau while the JIT compiles, so settling alone is not enough early on
            while ((System.nanoTime() - start < minWarmupSeconds * 1e9 || !settled(times))
                    && System.nanoTime() - start < maxWarmupSeconds * 1e9) {
                times.add(batches.timedStep(collapse));
            }
            double seconds = 0;
            int timed = 0;
            while (timed < steps || seconds < MIN_TIMED_SECONDS) {
                seconds += batches.timedStep(collapse);
                timed++;
            }
            return trainer.config().batchSize() * timed / seconds;
        }
    }

    /** The least time the timed steps of {@link #steadyImagesPerSecond} span (a few steps alone are noisy). */
    private static final double MIN_TIMED_SECONDS = 3;

    /** Batches from the trainer's loader, epoch after epoch, and steps timed from asking for a batch to the update. */
    private static final class Batches implements AutoCloseable {
        private final SwavPretrainer trainer;
        private MultiCropLoader.Prefetcher current;
        private int epoch;
        private long iteration;

        Batches(SwavPretrainer trainer) {
            this.trainer = trainer;
            this.current = trainer.loader().epoch(0, 0);
        }

        double timedStep(CollapseMonitor collapse) {
            long t = System.nanoTime();
            if (!current.hasNext()) {
                current.close();
                current = trainer.loader().epoch(++epoch, 0);
            }
            MultiCropBatch batch = current.next();
            trainer.step(batch, iteration, trainer.schedule().lr(iteration), null, collapse);
            iteration++;
            return (System.nanoTime() - t) / 1e9;
        }

        @Override
        public void close() {
            current.close();
        }
    }

    /** Whether the last 3 step times are no longer 10% faster than the 3 before them. */
    private static boolean settled(java.util.List<Double> times) {
        int k = times.size();
        if (k < 6) {
            return false;
        }
        double last = times.get(k - 1) + times.get(k - 2) + times.get(k - 3);
        double before = times.get(k - 4) + times.get(k - 5) + times.get(k - 6);
        return last >= 0.9 * before;
    }

    private static Mode measure(SwavPretrainer trainer, int warmup, double warmupSeconds, int steps,
                                long[] iteration) {
        CollapseMonitor collapse = new CollapseMonitor(trainer.config().prototypes());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double[] sums = new double[5];
        long heap0 = 0;
        long batchHeap = 0;
        long off0 = 0;
        long peak = 0;
        long t0 = 0;
        long warmStart = System.nanoTime();
        int warmed = 0;
        boolean timing = false;
        for (int timed = 0; timed < steps; ) {
            if (!timing && warmed >= warmup && System.nanoTime() - warmStart >= warmupSeconds * 1e9) {
                timing = true;
                System.gc();
                heap0 = threads.getThreadAllocatedBytes(tid);
                off0 = StepBenchmark.offHeapBytes();
                t0 = System.nanoTime();
                sums = new double[5];
                batchHeap = 0;
            }
            long ta = System.nanoTime();
            long ha = threads.getThreadAllocatedBytes(tid);
            long n = iteration[0]++;
            int perEpoch = trainer.loader().stepsPerEpoch();
            MultiCropBatch batch = trainer.loader().batch((int) (n / perEpoch), (int) (n % perEpoch));
            batchHeap += threads.getThreadAllocatedBytes(tid) - ha;
            sums[0] += (System.nanoTime() - ta) / 1e9;
            trainer.step(batch, n, trainer.schedule().lr(n), null, collapse);
            double[] phase = trainer.lastPhases();
            for (int k = 0; k < 4; k++) {
                sums[k + 1] += phase[k];
            }
            peak = Math.max(peak, StepBenchmark.offHeapBytes());
            if (timing) {
                timed++;
            } else {
                warmed++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long heap = threads.getThreadAllocatedBytes(tid) - heap0 - batchHeap;
        long growth = (StepBenchmark.offHeapBytes() - off0) / steps;
        int b = trainer.config().batchSize();
        double augment = sums[0] / steps;
        return new Mode(trainer.workspacesOn(), b * steps / (secs - sums[0]), (secs - sums[0]) / steps, augment,
                sums[1] / steps, sums[2] / steps, sums[3] / steps, sums[4] / steps, growth, heap / steps,
                batchHeap / steps, peak);
    }
}
