package train;

/** The three ways the story turns labels into a classifier. */
public enum StoryMethod {
    /** Linear classifier on the frozen features of the SwAV-pretrained trunk. */
    PRETRAINED_LINEAR("SwAV pretrained, linear"),
    /** Linear classifier on the frozen features of the same trunk at its random initialisation. */
    RANDOM_LINEAR("random init, linear"),
    /** The whole network with a 10-way head trained from scratch on the labelled subset. */
    SUPERVISED("supervised from scratch");

    private final String label;

    StoryMethod(String label) {
        this.label = label;
    }

    /** A readable name for tables and chart legends. */
    public String label() {
        return label;
    }
}
