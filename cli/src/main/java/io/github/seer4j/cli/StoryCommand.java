package io.github.seer4j.cli;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.github.seer4j.eval.EvaluationStory;
import io.github.seer4j.eval.Quickstart;
import io.github.seer4j.data.FashionMnist;
import io.github.seer4j.data.FashionMnistData;
import io.github.seer4j.eval.StoryBudget;
import io.github.seer4j.eval.StoryRequest;
import io.github.seer4j.eval.StorySettings;
import io.github.seer4j.eval.StoryTable;

/** {@code story [--budget-minutes 30] [--flops 50e6 | --model NAME]}: pretrain, probe at 1/10/100% labels, compare. */
@Command(name = "story", mixinStandardHelpOptions = true, defaultValueProvider = LibraryDefaults.class,
        description = "The evaluation story within a time budget: SwAV-pretrain a RegNetY on Fashion-MNIST (no labels),"
                + " then at 1%%, 10%% and 100%% of the labels compare linear probes (last stage, all stages, all stages"
                + " spatially pooled from upsampled images) of the pretrained trunk and of three random inits (their mean), and supervised training from scratch;"
                + " writes story.json, story.md, story.png.")
final class StoryCommand implements Callable<Integer> {

    @Option(names = "--budget-minutes",
            description = "Wall-clock budget: 60%% pretraining, 25%% supervised, the rest features and probes (default ${DEFAULT-VALUE}).")
    double budgetMinutes;

    @Mixin
    ModelChoice model = new ModelChoice();

    @picocli.CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Labelled data; fashion-mnist (default).")
    String data;

    @Option(names = "--fractions", split = ",",
            description = "Label fractions (default ${DEFAULT-VALUE}).")
    List<Double> fractions;

    @Option(names = "--out", defaultValue = "runs/story", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--json", description = "Print story.json's content (with the output paths) instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        if (!data.equalsIgnoreCase("fashion-mnist")) {
            throw Seer4j.bad("story needs labelled data; only --data fashion-mnist is supported, got '" + data + "'");
        }
        NetworkSpec spec = model.resolve(RegNet.y().flops(Quickstart.MODEL_FLOPS).build())
                .withoutHead().withInputChannels(1);
        if (!(budgetMinutes >= 1)) {
            throw Seer4j.bad("--budget-minutes must be at least 1, got " + budgetMinutes);
        }
        String source = FashionMnistData.installed() ? "installed" : "embedded slice";
        StorySettings settings = StorySettings.defaults(seed).withFractions(fractions);
        StoryRequest request = new StoryRequest(spec, FashionMnistData.load(FashionMnist.Split.TRAIN),
                FashionMnistData.load(FashionMnist.Split.TEST), "fashion-mnist", source,
                StoryBudget.ofMinutes(budgetMinutes), settings, out);
        EvaluationStory.Outcome o = EvaluationStory.run(request, System.err);
        if (json) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("story", o.result());
            s.put("json", o.json().toString());
            s.put("markdown", o.markdown().toString());
            s.put("chart", o.chart().toString());
            s.put("pretrainRun", o.pretrainRun().toString());
            Output.json(System.out, s);
            return 0;
        }
        System.out.print(StoryTable.markdown(o.result()));
        System.out.println();
        System.out.println("json: " + o.json());
        System.out.println("table: " + o.markdown());
        System.out.println("chart: " + o.chart());
        System.out.println("pretraining run: " + o.pretrainRun() + " (probe it: seer4j probe --checkpoint "
                + o.pretrainRun() + ")");
        return 0;
    }
}
