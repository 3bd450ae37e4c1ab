package train;

/**
 * Settings of a SwAV pretraining run (defaults follow main_swav.py scaled to small data; see {@link #defaults()}).
 *
 * @param steps            stop after this many iterations in total (0 = run all epochs)
 * @param freezePrototypes iterations during which the prototypes are not updated
 * @param queueLength      embeddings per queue (0 = no queue), rounded down to a multiple of the batch size
 * @param headDims         hidden and output sizes of the projection head, e.g. {2048, 128}
 * @param workers          augmentation threads
 */
public record PretrainConfig(int epochs, long steps, int batchSize, String crops, int prototypes, int queueLength,
        int queueStartEpoch, double epsilon, int sinkhornIterations, double temperature, double baseLr,
        double finalLr, double startWarmup, int warmupEpochs, double weightDecay, long freezePrototypes,
        int[] headDims, boolean headBatchNorm, long checkpointEvery, long seed, int workers) {

    public PretrainConfig {
        if (epochs < 1 || steps < 0 || batchSize < 2 || prototypes < 2 || queueLength < 0 || workers < 1) {
            throw new IllegalArgumentException("need epochs >= 1, steps >= 0, batch >= 2, prototypes >= 2, queue >= 0,"
                    + " workers >= 1; got epochs=" + epochs + ", steps=" + steps + ", batch=" + batchSize
                    + ", prototypes=" + prototypes + ", queue=" + queueLength + ", workers=" + workers);
        }
        if (headDims.length < 1) {
            throw new IllegalArgumentException("the projection head needs at least an output size");
        }
        headDims = headDims.clone();
    }

    /**
     * Small-data defaults: 2x28+4x16 crops, batch 64, K=100, lr 0.6 -> 0.0006 with 1 warm-up epoch, head 512-128, and
     * Sinkhorn epsilon 0.02 instead of SwAV's 0.05: at 0.05 (and K=30/100, with or without head BN or LARC clipping)
     * the embeddings collapse and the loss sits at ln K; 0.02 sharpens the codes enough to leave that plateau, the
     * first workaround of the SwAV README's "loss stuck at ln(nmb_prototypes)".
     */
    public static PretrainConfig defaults() {
        return new PretrainConfig(1, 0, 64, "2x28+4x16", 100, 0, 0, 0.02, 3, 0.1, 0.6, 0.0006, 0.0, 1, 1e-6, 313,
                new int[] {512, 128}, true, 500, 31L, 2);
    }
}
