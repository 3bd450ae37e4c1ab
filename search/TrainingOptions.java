package search;

/** Settings of the training-proxy scores: epochs per candidate and the data set name (e.g. fashion-mnist). */
public record TrainingOptions(int epochs, String data) {
    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("data must name a data set, e.g. fashion-mnist");
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(1, "fashion-mnist");
    }
}
