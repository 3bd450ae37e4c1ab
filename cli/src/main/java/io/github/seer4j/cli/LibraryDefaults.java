package io.github.seer4j.cli;

import io.github.seer4j.eval.ProbeFeatures;
import io.github.seer4j.eval.Quickstart;
import io.github.seer4j.eval.StoryBudget;
import io.github.seer4j.eval.StorySettings;
import io.github.seer4j.search.TrainingOptions;
import io.github.seer4j.train.PretrainConfig;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of options that mirror a library setting, read from the library itself (so {@code ${DEFAULT-VALUE}}
 * in a description shows it): the sub-command's name and the option's longest name pick the value.
 */
final class LibraryDefaults implements IDefaultValueProvider {

    private static final Map<String, Map<String, String>> BY_COMMAND = Map.of(
            "pretrain", pretrain(PretrainConfig.defaults()),
            "search", search(TrainingOptions.DEFAULTS),
            "probe", probe(ProbeFeatures.LAST_STAGE),
            "story", story(StorySettings.defaults(0)),
            "quickstart", Map.of("--budget-minutes", text(Quickstart.DEFAULT_BUDGET_MINUTES)));

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || arg.command() == null) {
            return null;
        }
        return BY_COMMAND.getOrDefault(arg.command().name(), Map.of()).get(option.longestName());
    }

    private static Map<String, String> pretrain(PretrainConfig d) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--epochs", text(d.epochs()));
        m.put("--steps", text(d.steps()));
        m.put("--batch", text(d.batchSize()));
        m.put("--crops", d.crops());
        m.put("--prototypes", text(d.prototypes()));
        m.put("--queue", text(d.queueLength()));
        m.put("--queue-start-epoch", text(d.queueStartEpoch()));
        m.put("--queue-start-iteration", text(d.queueStartIteration()));
        m.put("--epsilon", text(d.epsilon()));
        m.put("--sinkhorn-iterations", text(d.sinkhornIterations()));
        m.put("--lr", text(d.baseLr()));
        m.put("--final-lr", text(d.finalLr()));
        m.put("--head", IntStream.of(d.headDims()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        m.put("--larc-trust", text(d.larcTrust()));
        m.put("--global-scale", list(d.globalScale()));
        m.put("--local-scale", list(d.localScale()));
        m.put("--checkpoint-every", text(d.checkpointEvery()));
        m.put("--seed", text(d.seed()));
        m.put("--workers", text(d.workers()));
        return m;
    }

    /** The training scores' settings. */
    private static Map<String, String> search(TrainingOptions d) {
        return Map.of("--epochs", text(d.epochs()), "--data", d.data(), "--train-images", text(d.trainImages()),
                "--test-images", text(d.testImages()), "--lr", text(d.learningRate()));
    }

    /** The probed features: the last stage's global pool at the images' own size. */
    private static Map<String, String> probe(ProbeFeatures d) {
        return Map.of("--grid", text(d.grid()), "--resolution", text(d.resolution()));
    }

    /** The story's label fractions (the same for every seed) and budget. */
    private static Map<String, String> story(StorySettings d) {
        return Map.of("--fractions", d.fractions().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--budget-minutes", text(StoryBudget.DEFAULT_MINUTES));
    }

    /** A number as written by hand: 0.0006, not 6.0E-4; 1, not 1.0. */
    static String text(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String text(long v) {
        return Long.toString(v);
    }

    static String list(double... values) {
        return Arrays.stream(values).mapToObj(LibraryDefaults::text).collect(Collectors.joining(","));
    }
}
