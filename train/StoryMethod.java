package train;

/** The three ways the story turns labels into a classifier. */
public enum StoryMethod {
    /** Linear classifier on the frozen features of the SwAV-pretrained trunk. */
    PRETRAINED_LINEAR("SwAV pretrained, linear"),
    /**
     * Linear classifier on the frozen features of the trunk at random initialisation: the mean over
     * {@link #RANDOM_INITS} inits, the pretraining's starting point first.
     */
    RANDOM_LINEAR("random init (mean of 3), linear"),
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
