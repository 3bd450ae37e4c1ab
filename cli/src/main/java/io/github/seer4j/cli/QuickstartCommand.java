package io.github.seer4j.cli;

import io.github.seer4j.catalog.Catalog;
import io.github.seer4j.catalog.CatalogFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.github.seer4j.eval.ProbeReport;
import io.github.seer4j.eval.Quickstart;

/** {@code quickstart [--budget-minutes 10]}: fit, pretrain, probe against random init, export, summarise. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, defaultValueProvider = LibraryDefaults.class,
        description = "Fit a small RegNetY, pretrain it with SwAV on Fashion-MNIST (no labels), probe it against the"
                + " random-init baseline (linear, 10%% labels), export its spec; uses the embedded data slice when"
                + " Fashion-MNIST is not installed.")
final class QuickstartCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--budget-minutes", description = "Wall-clock budget (default ${DEFAULT-VALUE}).")
    double budgetMinutes;

    @Option(names = "--out", defaultValue = "runs/quickstart", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        Quickstart.Result r = Quickstart.run(out, budgetMinutes, seed, System.err);
        Map<String, String> files = new LinkedHashMap<>(Catalog.files(List.of(r.spec()), CatalogFormat.JSON, 28));
        // pycls's stem reads RGB: its config describes the same trunk with 3 input channels
        files.putAll(Catalog.files(List.of(r.spec().withInputChannels(3)), CatalogFormat.YAML_PYCLS, 224));
        List<Path> catalog = Catalog.writeFolder(out.resolve("catalog"), files, true);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", r.spec().name());
        s.put("widths", r.spec().widths());
        s.put("depths", r.spec().depths());
        s.put("flopsAt28px", r.spec().complexity(28).flops());
        s.put("pretrainIterations", r.pretraining().iterations());
        s.put("pretrainSeconds", r.pretraining().seconds());
        s.put("firstLoss", r.pretraining().firstLoss());
        s.put("lastLoss", r.pretraining().lastLoss());
        s.put("lnK", r.pretraining().lnK());
        s.put("probeTop1Pretrained", r.pretrained().top1());
        s.put("probeTop1Random", r.randomMean());
        s.put("probeTop1RandomInits", r.randomInits().stream().map(ProbeReport::top1).toList());
        s.put("labelledImages", r.pretrained().labelledImages());
        s.put("testImages", r.pretrained().testImages());
        s.put("lossCurve", r.pretraining().lossCurve().toString());
        s.put("probeChart", r.chart().toString());
        s.put("catalog", catalog.stream().map(Path::toString).toList());
        s.put("checkpoint", r.runDir().toString());
        if (json) {
            Output.json(System.out, s);
            return 0;
        }
        System.out.printf(Locale.ROOT, "%s %s %s, %.2f MF at 28 px%n", s.get("model"), s.get("widths"), s.get("depths"),
                r.spec().complexity(28).flops() / 1e6);
        System.out.printf(Locale.ROOT, "SwAV pretraining: %d iterations in %.0f s, loss %.3f -> %.3f (ln K = %.3f)%n",
                r.pretraining().iterations(), r.pretraining().seconds(), r.pretraining().firstLoss(),
                r.pretraining().lastLoss(), r.pretraining().lnK());
        System.out.printf(Locale.ROOT, "linear probe, %d labelled images, %d test images: pretrained %.2f%%, random init "
                        + "%.2f%% (mean of %s)%n", r.pretrained().labelledImages(), r.pretrained().testImages(),
                100 * r.pretrained().top1(), 100 * r.randomMean(), r.randomInits().stream()
                        .map(p -> String.format(Locale.ROOT, "%.2f%%", 100 * p.top1())).toList());
        System.out.println("loss curve: " + r.pretraining().lossCurve());
        System.out.println("probe chart: " + r.chart());
        System.out.println("catalog: " + String.join(", ", catalog.stream().map(Path::toString).toList()));
        System.out.println("checkpoint: " + r.runDir() + " (probe it: seer4j probe --checkpoint " + r.runDir() + ")");
        return 0;
    }
}
