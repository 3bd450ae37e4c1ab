package io.github.seer4j.eval;

/**
 * Which frozen features a probe reads: the last stage or every stage (concatenated), each average-pooled to a grid
 * of at most {@code grid x grid} cells, from images fed at their own size or resampled to {@code resolution} pixels.
 *
 * <p>Grid 1 at the images' own size is the trunk's own output, as SEER and torchvision pool it. A grid of 2 or more
 * keeps where things are, as VISSL's linear benchmarks do with their spatially pooled per-layer features (Goyal et
 * al. 2019). A larger evaluation resolution follows FixRes (Touvron et al. 2019): random-resized crops show objects
 * larger in training than a whole test image does, so testing above the training size matches their apparent size.
 */
public record ProbeFeatures(boolean allStages, int grid, int resolution) {
    /** Resolution value meaning "the images' own size". */
    public static final int NATIVE = 0;
    /** Global-average-pooled last stage: the trunk's own output. */
    public static final ProbeFeatures LAST_STAGE = new ProbeFeatures(false, 1, NATIVE);
    /** Every stage, global-average-pooled and concatenated. */
    public static final ProbeFeatures ALL_STAGES = new ProbeFeatures(true, 1, NATIVE);
    /** Cells per side of {@link #spatial}. */
    public static final int SPATIAL_GRID = 7;
    /**
     * {@link #spatial} for 28 px images: every stage pooled to at most 7 x 7 cells from images resampled to 36 px
     * (1,736 features on the quickstart model), the best of the layouts measured on the Fashion-MNIST trunks.
     */
    public static final ProbeFeatures SPATIAL = spatial(28);

    public ProbeFeatures {
        if (grid < 1) {
            throw new IllegalArgumentException("pooling grid must be at least 1 (the global pool), got " + grid);
        }
        if (resolution < 0) {
            throw new IllegalArgumentException("evaluation resolution must be 0 (the images' own size) or a pixel"
                    + " count, got " + resolution);
        }
    }

    /**
     * The spatial probe for images of {@code imageSize} pixels: every stage pooled to at most
     * {@value #SPATIAL_GRID} x {@value #SPATIAL_GRID} cells, images resampled to 9/7 of their size (36 px for 28).
     */
    public static ProbeFeatures spatial(int imageSize) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("image size must be at least 1 pixel, got " + imageSize);
        }
        return new ProbeFeatures(true, SPATIAL_GRID, Math.round(imageSize * 9f / 7f));
    }

    /** The part of a feature-cache key that tells these features apart ("last", "all", "all|grid7|36px", ...). */
    public String cacheKey() {
        return (allStages ? "all" : "last") + (grid == 1 ? "" : "|grid" + grid)
                + (resolution == NATIVE ? "" : "|" + resolution + "px");
    }

    /** A short description for logs and tables ("all stages, 7x7 cells, 36 px"). */
    public String describe() {
        return (allStages ? "all stages" : "last stage") + (grid == 1 ? "" : ", " + grid + "x" + grid + " cells")
                + (resolution == NATIVE ? "" : ", " + resolution + " px");
    }
}
