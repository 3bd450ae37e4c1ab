package io.github.seer4j.eval;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Everything the story measured, as written to {@code story.json}: the model, the data, the budget, the SwAV run,
 * and one row per method and label fraction (top-1 on the whole test split).
 */
public record StoryResult(Model model, Data data, Budget budget, Pretraining pretraining, List<Row> results) {

    public StoryResult {
        results = List.copyOf(results);
    }

    /** The trunk: its name, stage widths and depths, forward flops at 224 px and at the data's 28 px, parameters. */
    public record Model(String name, List<Integer> widths, List<Integer> depths, long flopsAt224, long flopsAt28,
                        long params) {}

    /** The labelled data set and where it came from ("installed" or "embedded slice"). */
    public record Data(String name, int trainImages, int testImages, int classes, String source) {}

    /** The wall-clock budget, its shares in seconds, and what the whole story took. */
    public record Budget(double minutes, double pretrainSeconds, double supervisedSeconds, double evaluationSeconds,
                         double elapsedSeconds) {}

    /**
     * The SwAV run. {@code collapsed} is set when the last loss is within 1% of ln K, the loss of uniform
     * predictions over the K prototypes.
     */
    public record Pretraining(double seconds, long iterations, int batchSize, double firstLoss, double lastLoss,
                              double lnK, int prototypes, double prototypesUsed, double imagesPerSecond,
                              boolean collapsed) {

        /** Whether {@code lastLoss} lies within 1% of {@code lnK}. */
        public static boolean collapsed(double lastLoss, double lnK) {
            return Math.abs(lastLoss - lnK) <= 0.01 * lnK;
        }
    }

    /**
     * One method at one label fraction. {@code seconds}: training time of the classifier (linear) or network
     * (supervised), with its test evaluation; {@code featureSeconds}: for linear rows, the one-time extraction of
     * that trunk's train and test features (shared by its three rows), 0 for supervised. {@code steps}: full-batch
     * optimizer steps (linear) or SGD steps; {@code epochs}: passes over the labelled subset; {@code timeCapped}: the
     * run was shortened to fit its share of the budget.
     */
    public record Row(StoryMethod method, double fraction, double accuracy, int labelledImages, double seconds,
                      double featureSeconds, long steps, double epochs, boolean timeCapped) {}

    /** The row of {@code method} at {@code fraction}, if measured. */
    public Optional<Row> row(StoryMethod method, double fraction) {
        return results.stream().filter(r -> r.method() == method && r.fraction() == fraction).findFirst();
    }

    /** The methods measured, in {@link StoryMethod}'s order. */
    public List<StoryMethod> methods() {
        return results.stream().map(Row::method).distinct().sorted().toList();
    }

    /** The label fractions measured, smallest first. */
    public List<Double> fractions() {
        return results.stream().map(Row::fraction).distinct().sorted().toList();
    }

    /** "1%", "10%", "100%", "0.5%" for a fraction. */
    public static String percent(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
