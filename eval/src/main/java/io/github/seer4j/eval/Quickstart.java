package io.github.seer4j.eval;

import io.github.seer4j.data.FashionMnist;
import io.github.seer4j.data.FashionMnistData;
import io.github.seer4j.data.LabeledImages;
import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.train.SwavPretrainer;
import io.github.seer4j.train.SwavStepBenchmark;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;

/**
 * The whole story in one call, within a time budget: fit a RegNetY to a small FLOP budget, probe random
 * initialisations of it (linear, 10% of the labels), pretrain it with SwAV on Fashion-MNIST images without their
 * labels until the pretrained trunk's probe (timed by the random ones) is all that is left of the budget, probe it,
 * and draw the comparison (the CLI then exports the spec to the catalog).
 */
public final class Quickstart {
    /** Forward flops of the fitted model, measured at 224 px (about 0.8 MF at 28 px). */
    public static final double MODEL_FLOPS = 50e6;
    /** The wall-clock budget in minutes when none is given: a pretrained probe clearly above random init. */
    public static final double DEFAULT_BUDGET_MINUTES = 10;
    private static final int BATCH = PretrainConfig.defaults().batchSize();
    /**
     * The pretrained trunk's probe is given this many times the mean time of a random-init one (the same work, done
     * before pretraining: the load of a shared machine can change in between).
     */
    static final double PROBE_MARGIN = 1.25;
    /** Seconds for the chart after the probes. */
    static final double CHART_SECONDS = 1;
    /** Calibration: timed steps once the step rate has settled. */
    private static final int CALIBRATION_STEPS = 6;
    /** Pretraining steps however short the budget. */
    private static final long MIN_STEPS = 20;

    /** Everything the run produced. */
    public record Result(NetworkSpec spec, SwavPretrainer.Summary pretraining, ProbeReport pretrained,
                         List<ProbeReport> randomInits, Path chart, Path runDir) {

        /** Mean top-1 of the random-init probes. */
        public double randomMean() {
            return randomInits.stream().mapToDouble(ProbeReport::top1).average().orElse(Double.NaN);
        }
    }

    private Quickstart() {}

    public static Result run(Path out, double budgetMinutes, long seed, PrintStream log) throws IOException {
        if (!(budgetMinutes >= 1)) {
            throw new IllegalArgumentException("the budget must be at least 1 minute, got " + budgetMinutes);
        }
        long start = System.nanoTime();
        NetworkSpec spec = RegNet.y().flops(MODEL_FLOPS).name("RegNetY-50MF-quickstart").build().withoutHead()
                .withInputChannels(1);
        log.println("quickstart: " + spec.name() + " widths " + spec.widths() + " depths " + spec.depths()
                + String.format(Locale.ROOT, ", %.2f MF at 28 px", spec.complexity(28).flops() / 1e6));
        LabeledImages train = FashionMnistData.load(FashionMnist.Split.TRAIN);
        AugmentOptions augment = AugmentOptions.swavGray();

        // the random-init baseline first (it varies with the draw by several points: a few inits on the same
        // labels); the pretrained trunk's probe is the same work, so pretraining gets the rest of the budget
        Path cache = out.resolve("features");
        long t0 = System.nanoTime();
        List<ProbeReport> random = new ArrayList<>();
        for (int i = 0; i < StoryMethod.RANDOM_INITS; i++) {
            random.add(ProbeRunner.run(new ProbeRequest("random", null, "linear", 0.1, 1, 0.01, ProbeFeatures.LAST_STAGE, seed, cache),
                    spec, seed + i));
        }
        double probeSeconds = (System.nanoTime() - t0) / 1e9 / StoryMethod.RANDOM_INITS;
        double share = pretrainEnd(budgetMinutes * 60, probeSeconds);
        log.printf(Locale.ROOT, "quickstart: random-init probes %.1f s each; pretraining until %.0f s of the %.0f s"
                + " budget%n", probeSeconds, share, budgetMinutes * 60);

        // calibrate the step rate on this machine, then plan the steps that fit
        Path calibration = Files.createTempDirectory("seer4j-calibration");
        double warmup = Calibration.minWarmupSeconds(share - (System.nanoTime() - start) / 1e9);
        double rate = SwavStepBenchmark.steadyImagesPerSecond(pretrainer(spec, train, augment, config(1000, seed),
                calibration, log), CALIBRATION_STEPS, warmup, 2 * warmup + 5);
        double seconds = share - (System.nanoTime() - start) / 1e9;
        long steps = Math.max(MIN_STEPS, (long) (seconds * rate / BATCH));
        log.printf(Locale.ROOT, "quickstart: %.0f img/s measured, pretraining about %d steps of %d images (re-planned"
                + " as the run's own rate settles)%n", rate, steps, BATCH);
        Path runDir = out.resolve("pretrain");
        // the steps are re-planned from the run's own rate so that it ends when its share is spent
        BudgetedPlan plan = new BudgetedPlan(config(steps, seed), steps, BATCH / rate,
                start + (long) ((share - BudgetedPlan.END_SECONDS) * 1e9), System::nanoTime, MIN_STEPS,
                Long.MAX_VALUE);
        SwavPretrainer.Summary summary = pretrainer(spec, train, augment, config(steps, seed), runDir, log).plan(plan)
                .run(false);
        double used = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "quickstart: pretrained %d steps (%d planned, re-planned %d times), until %.0f s of"
                + " the %.0f s planned (%.1f%%)%n", summary.iterations(), steps, plan.replans(), used, share,
                100 * used / share);

        ProbeReport pretrained = ProbeRunner.run(new ProbeRequest(runDir.toString(), null, "linear", 0.1, 1, 0.01,
                ProbeFeatures.LAST_STAGE, seed, cache));
        Path chart = chart(out.resolve("probe.png"), pretrained, random);
        log.printf(Locale.ROOT, "quickstart: took %.0f s of the %.0f s budget%n", (System.nanoTime() - start) / 1e9,
                budgetMinutes * 60);
        return new Result(spec, summary, pretrained, List.copyOf(random), chart, runDir);
    }

    /**
     * When pretraining must end, in seconds from the start of a run of {@code budgetSeconds}: the budget less the
     * pretrained trunk's probe, timed at {@link #PROBE_MARGIN} times a random-init one's {@code probeSeconds}, and
     * the chart.
     */
    static double pretrainEnd(double budgetSeconds, double probeSeconds) {
        return budgetSeconds - PROBE_MARGIN * probeSeconds - CHART_SECONDS;
    }

    private static PretrainConfig config(long steps, long seed) {
        // as many epochs as the steps need (one epoch is 937 steps; the engine now runs several in the budget)
        return PretrainConfig.defaults().toBuilder().epochs((int) Math.min(Integer.MAX_VALUE, steps)).steps(steps)
                .batchSize(BATCH).checkpointEvery(Math.max(1, steps / 4)).seed(seed).build().scheduledFor(steps);
    }

    private static SwavPretrainer pretrainer(NetworkSpec spec, LabeledImages train, AugmentOptions augment,
                                             PretrainConfig cfg, Path dir, PrintStream log) {
        RegNetNetwork net = RegNetNetwork.build(spec, RegNetOptions.defaults().withInputChannels(1).withoutHead()
                .withSeed(cfg.seed()));
        // quickstart rebuilds its whole output folder on each run: its pretraining replaces the last one (still locked)
        return new SwavPretrainer(net, train, augment, cfg, dir, log).force(true);
    }

    private static Path chart(Path file, ProbeReport pretrained, List<ProbeReport> random) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart c = new CategoryChartBuilder().width(720).height(420)
                .title("Linear probe, 10% of Fashion-MNIST labels").xAxisTitle("trunk").yAxisTitle("top-1 (%)").build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        c.getStyler().setLabelsVisible(true);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < random.size(); i++) {
            names.add("random init " + (i + 1));
            values.add(percent(random.get(i).top1()));
        }
        names.add("SwAV pretrained");
        values.add(percent(pretrained.top1()));
        c.addSeries("top-1", names, values);
        Files.createDirectories(file.getParent());
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /** A fraction as a percentage rounded to 2 decimals (bar labels print the double as it is). */
    private static double percent(double fraction) {
        return Math.round(fraction * 10000) / 100.0;
    }
}
