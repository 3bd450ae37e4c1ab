package io.github.seer4j.eval;

/**
 * The ways the story turns labels into a classifier: linear probes of frozen features (the last stage's pooled
 * output, as SEER evaluates; every stage's; every stage's spatially pooled, as VISSL's layer benchmarks do) and
 * supervised training.
 */
public enum StoryMethod {
    /** Linear classifier on the frozen features of the SwAV-pretrained trunk. */
    PRETRAINED_LINEAR("SwAV pretrained, linear"),
    /**
     * Linear classifier on the frozen features of the trunk at random initialisation: the mean over
     * {@link #RANDOM_INITS} inits, the pretraining's starting point first.
     */
    RANDOM_LINEAR("random init (mean of 3), linear"),
    /** Linear classifier on the pooled outputs of every stage of the SwAV-pretrained trunk, concatenated. */
    PRETRAINED_ALL_STAGES("SwAV pretrained, linear, all stages"),
    /** The same for the random inits of {@link #RANDOM_LINEAR} (their mean). */
    RANDOM_ALL_STAGES("random init (mean of 3), linear, all stages"),
    /**
     * Linear classifier on every stage of the SwAV-pretrained trunk pooled to a 7x7 grid from upsampled images
     * ({@link ProbeFeatures#spatial}).
     */
    PRETRAINED_SPATIAL("SwAV pretrained, linear, spatial"),
    /** The same for the random inits of {@link #RANDOM_LINEAR} (their mean). */
    RANDOM_SPATIAL("random init (mean of 3), linear, spatial"),
    /** The whole network with a 10-way head trained from scratch on the labelled subset. */
    SUPERVISED("supervised from scratch");

    /** Random initialisations averaged in the {@link #RANDOM_LINEAR} rows. */
    public static final int RANDOM_INITS = 3;

    private final String label;

    StoryMethod(String label) {
        this.label = label;
    }

    /** A readable name for tables and chart legends. */
    public String label() {
        return label;
    }
}
