package io.github.seer4j.train;

import io.github.seer4j.swav.CropSpec;
import io.github.seer4j.swav.Sinkhorn;

/**
 * Settings of a SwAV pretraining run (defaults follow main_swav.py scaled to small data; see {@link #defaults()}).
 * Build variations with {@link #toBuilder()}: {@code PretrainConfig.defaults().toBuilder().steps(300).build()}.
 *
 * @param steps               stop after this many iterations in total (0 = run all epochs)
 * @param queueLength         embeddings per queue (0 = no queue), rounded down to a multiple of the batch size
 * @param queueStartEpoch     the queue starts at iteration {@code queueStartEpoch * stepsPerEpoch + queueStartIteration}
 * @param warmupEpochs        the linear warm-up lasts {@code warmupEpochs * stepsPerEpoch + warmupIterations}
 *                            iterations (capped at the run length)
 * @param freezePrototypes    iterations during which the prototypes are not updated
 * @param headDims            hidden and output sizes of the projection head, e.g. {2048, 128}
 * @param larcTrust           LARC trust coefficient (SwAV: 0.001); 0 = plain SGD with momentum
 * @param larcClip            LARC clip mode (the adaptive rate never exceeds the scheduled one; main_swav: off)
 * @param globalScale         RandomResizedCrop scale range {min, max} of the first crop group (SwAV: 0.14, 1)
 * @param localScale          scale range of the other crop groups (SwAV: 0.05, 0.14)
 * @param workers             augmentation threads
 */
public record PretrainConfig(int epochs, long steps, int batchSize, String crops, int prototypes, int queueLength,
        int queueStartEpoch, long queueStartIteration, double epsilon, int sinkhornIterations, double temperature,
        double baseLr, double finalLr, double startWarmup, int warmupEpochs, long warmupIterations,
        double weightDecay, long freezePrototypes, int[] headDims, boolean headBatchNorm, double larcTrust,
        boolean larcClip, double[] globalScale, double[] localScale, long checkpointEvery, long seed, int workers) {

    public PretrainConfig {
        if (epochs < 1 || steps < 0 || batchSize < 2 || prototypes < 2 || queueLength < 0 || workers < 1) {
            throw new IllegalArgumentException("need epochs >= 1, steps >= 0, batch >= 2, prototypes >= 2, queue >= 0,"
                    + " workers >= 1; got epochs=" + epochs + ", steps=" + steps + ", batch=" + batchSize
                    + ", prototypes=" + prototypes + ", queue=" + queueLength + ", workers=" + workers);
        }
        if (queueStartEpoch < 0 || queueStartIteration < 0 || warmupEpochs < 0 || warmupIterations < 0
                || freezePrototypes < 0 || !(larcTrust >= 0)) {
            throw new IllegalArgumentException("queue start, warm-up, prototype freezing and LARC trust must be >= 0;"
                    + " got queue start " + queueStartEpoch + " epochs + " + queueStartIteration + " iterations, warm-up "
                    + warmupEpochs + " epochs + " + warmupIterations + " iterations, freeze " + freezePrototypes
                    + ", trust " + larcTrust);
        }
        if (headDims.length < 1) {
            throw new IllegalArgumentException("the projection head needs at least an output size");
        }
        headDims = headDims.clone();
        globalScale = checkScale("global", globalScale);
        localScale = checkScale("local", localScale);
        checkCropSizes(crops, batchSize);
    }

    /** The largest crop size: a 3-channel crop of it still indexes within a Java array (and far beyond any image). */
    public static final int MAX_CROP_SIZE = 8192;

    private static void checkCropSizes(String crops, int batchSize) {
        for (CropSpec.Group g : CropSpec.parse(crops).groups()) {
            long values = 3L * g.size() * g.size() * g.count() * batchSize;
            if (g.size() > MAX_CROP_SIZE || values > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--crops " + crops + ": " + g.count() + " crops of " + g.size()
                        + " px in a batch of " + batchSize + " hold " + values + " values, more than an array holds ("
                        + Integer.MAX_VALUE + ") or crops above " + MAX_CROP_SIZE + " px; use smaller crops or batch");
            }
        }
    }

    private static double[] checkScale(String what, double[] s) {
        if (s.length != 2 || !(s[0] > 0 && s[0] <= s[1] && s[1] <= 1)) {
            throw new IllegalArgumentException(what + " crop scale must be {min, max} with 0 < min <= max <= 1, got "
                    + java.util.Arrays.toString(s));
        }
        return s.clone();
    }

    /** Share of a run spent in linear warm-up, and with frozen prototypes, in {@link #scheduledFor}. */
    public static final double SCHEDULE_FRACTION = 0.1;

    /**
     * Iterations of a run: {@code steps} when > 0 (steps win: the run goes on into as many epochs as they need),
     * otherwise {@code epochs} epochs of {@code stepsPerEpoch}.
     */
    public static long totalIterations(int epochs, long steps, long stepsPerEpoch) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch;
    }

    /** The one-line statement of {@link #totalIterations}'s rule for this run, printed when it starts. */
    public static String lengthRule(int epochs, long steps, long stepsPerEpoch) {
        long total = totalIterations(epochs, steps, stepsPerEpoch);
        if (steps <= 0) {
            return total + " iterations: " + epochs + " epoch(s) of " + stepsPerEpoch + " steps";
        }
        long needed = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
        return total + " iterations: --steps " + steps + " wins over --epochs " + epochs + " (" + needed
                + " epoch(s) of " + stepsPerEpoch + " steps" + (needed > epochs ? ", more than --epochs" : "") + ")";
    }

    /**
     * This configuration with its warm-up and prototype freezing scaled to a run of {@code total} iterations: both
     * last the first {@link #SCHEDULE_FRACTION} of it (rounded down). main_swav.py warms up for 10 of 100-800 epochs and
     * freezes the prototypes for 313 iterations of 100+ epochs; fixed counts like those never end in the short runs a
     * small budget allows (a 300-step run was all warm-up and never trained its prototypes).
     */
    public PretrainConfig scheduledFor(long total) {
        long part = (long) (total * SCHEDULE_FRACTION);
        return toBuilder().warmupEpochs(0).warmupIterations(part).freezePrototypes(part).build();
    }

    /** The multi-crop layout with this run's scale ranges. */
    public CropSpec cropSpec() {
        return CropSpec.parse(crops, globalScale[0], globalScale[1], localScale[0], localScale[1]);
    }

    /** Iterations of linear warm-up for epochs of {@code stepsPerEpoch} iterations (before capping at the run). */
    public long warmupFor(long stepsPerEpoch) {
        return warmupEpochs * stepsPerEpoch + warmupIterations;
    }

    /** The first iteration that uses the queue, for epochs of {@code stepsPerEpoch} iterations. */
    public long queueStartFor(long stepsPerEpoch) {
        return queueStartEpoch * stepsPerEpoch + queueStartIteration;
    }

    /**
     * Small-data defaults, measured on Fashion-MNIST with the quickstart model (README, "The recipe, measured"): batch
     * 64, K = 100, no queue, SwAV's crop scales, lr 0.6 -> 0.0006 with LARC, head 512-BN-128, temperature 0.1, and
     * these departures from main_swav.py:
     * <ul>
     * <li>two 28 px global crops and no local crops ("2x28"; SwAV: 2x224+6x96, the 2x28+4x16): at 937 steps
     *     2x28 probed as well as 2x28+4x16 (70.8% vs 70.4% at 10% of the labels) at 1.6x the images/s, so in a time
     *     budget it sees 1.6x the data; the local crops still work with {@code --crops};</li>
     * <li>for gray images, brightness and contrast jitter ({@link io.github.seer4j.swav.AugmentOptions#swavGray()}), without which
     *     the linear probe lost 13 points (a gray-level shortcut);</li>
     * <li>Sinkhorn epsilon 0.02 instead of 0.05: at 0.05 (K = 30/100, with or without head BN, LARC clipping or a
     *     queue) the embeddings collapse and the loss sits at ln K; 0.02 leaves that plateau (the SwAV README's first
     *     workaround for a loss stuck at ln(nmb_prototypes));</li>
     * <li>LARC in clip mode (main_swav: off): without clipping the loss went to ln K;</li>
     * <li>no queue (main_swav starts one at epoch 15 for small batches): a 1,920-embedding queue from 10% of the run
     *     made the features worse at 300 and 937 steps;</li>
     * <li>warm-up and frozen prototypes for the first 10% of the run ({@link #scheduledFor}) instead of 10 epochs and
     *     313 iterations, which never end in a short run (a 300-step run was all warm-up with frozen prototypes).
     *     Here both are 0 until a run length is known.</li>
     * </ul>
     */
    public static PretrainConfig defaults() {
        return new Builder().epochs(1).steps(0).batchSize(64).crops("2x28").prototypes(100)
                .queueLength(0).queueStartEpoch(0).queueStartIteration(0)
                .epsilon(0.02).sinkhornIterations(Sinkhorn.DEFAULT_ITERATIONS).temperature(0.1)
                .baseLr(0.6).finalLr(0.0006).startWarmup(0.0).warmupEpochs(0).warmupIterations(0).weightDecay(1e-6)
                .freezePrototypes(0).headDims(512, 128).headBatchNorm(true).larcTrust(0.001).larcClip(true)
                .globalScale(CropSpec.GLOBAL_MIN, 1.0).localScale(CropSpec.LOCAL_MIN, CropSpec.LOCAL_MAX)
                .checkpointEvery(500).seed(31L).workers(2)
                .build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a configuration, one setter per component. */
    public static final class Builder {
        private int epochs;
        private long steps;
        private int batchSize;
        private String crops;
        private int prototypes;
        private int queueLength;
        private int queueStartEpoch;
        private long queueStartIteration;
        private double epsilon;
        private int sinkhornIterations;
        private double temperature;
        private double baseLr;
        private double finalLr;
        private double startWarmup;
        private int warmupEpochs;
        private long warmupIterations;
        private double weightDecay;
        private long freezePrototypes;
        private int[] headDims;
        private boolean headBatchNorm;
        private double larcTrust;
        private boolean larcClip;
        private double[] globalScale;
        private double[] localScale;
        private long checkpointEvery;
        private long seed;
        private int workers;

        private Builder() {}

        private Builder(PretrainConfig c) {
            epochs = c.epochs;
            steps = c.steps;
            batchSize = c.batchSize;
            crops = c.crops;
            prototypes = c.prototypes;
            queueLength = c.queueLength;
            queueStartEpoch = c.queueStartEpoch;
            queueStartIteration = c.queueStartIteration;
            epsilon = c.epsilon;
            sinkhornIterations = c.sinkhornIterations;
            temperature = c.temperature;
            baseLr = c.baseLr;
            finalLr = c.finalLr;
            startWarmup = c.startWarmup;
            warmupEpochs = c.warmupEpochs;
            warmupIterations = c.warmupIterations;
            weightDecay = c.weightDecay;
            freezePrototypes = c.freezePrototypes;
            headDims = c.headDims;
            headBatchNorm = c.headBatchNorm;
            larcTrust = c.larcTrust;
            larcClip = c.larcClip;
            globalScale = c.globalScale;
            localScale = c.localScale;
            checkpointEvery = c.checkpointEvery;
            seed = c.seed;
            workers = c.workers;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder steps(long v) { steps = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder crops(String v) { crops = v; return this; }
        public Builder prototypes(int v) { prototypes = v; return this; }
        public Builder queueLength(int v) { queueLength = v; return this; }
        public Builder queueStartEpoch(int v) { queueStartEpoch = v; return this; }
        public Builder queueStartIteration(long v) { queueStartIteration = v; return this; }
        public Builder epsilon(double v) { epsilon = v; return this; }
        public Builder sinkhornIterations(int v) { sinkhornIterations = v; return this; }
        public Builder temperature(double v) { temperature = v; return this; }
        public Builder baseLr(double v) { baseLr = v; return this; }
        public Builder finalLr(double v) { finalLr = v; return this; }
        public Builder startWarmup(double v) { startWarmup = v; return this; }
        public Builder warmupEpochs(int v) { warmupEpochs = v; return this; }
        public Builder warmupIterations(long v) { warmupIterations = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder freezePrototypes(long v) { freezePrototypes = v; return this; }
        public Builder headDims(int... v) { headDims = v; return this; }
        public Builder headBatchNorm(boolean v) { headBatchNorm = v; return this; }
        public Builder larcTrust(double v) { larcTrust = v; return this; }
        public Builder larcClip(boolean v) { larcClip = v; return this; }
        /** {min, max}; checked when built. */
        public Builder globalScale(double... range) { globalScale = range.clone(); return this; }
        /** {min, max}; checked when built. */
        public Builder localScale(double... range) { localScale = range.clone(); return this; }
        public Builder checkpointEvery(long v) { checkpointEvery = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder workers(int v) { workers = v; return this; }

        public PretrainConfig build() {
            return new PretrainConfig(epochs, steps, batchSize, crops, prototypes, queueLength, queueStartEpoch,
                    queueStartIteration, epsilon, sinkhornIterations, temperature, baseLr, finalLr, startWarmup,
                    warmupEpochs, warmupIterations, weightDecay, freezePrototypes, headDims, headBatchNorm, larcTrust,
                    larcClip, globalScale, localScale, checkpointEvery, seed, workers);
        }
    }
}
