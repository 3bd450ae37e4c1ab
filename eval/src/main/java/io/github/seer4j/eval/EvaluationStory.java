package io.github.seer4j.eval;

import io.github.seer4j.train.ProgressReporter;

import io.github.seer4j.train.CheckpointFile;

import io.github.seer4j.data.BalancedSubset;
import io.github.seer4j.data.LabeledImages;
import io.github.seer4j.data.SubsetSource;
import io.github.seer4j.train.AtomicFiles;
import io.github.seer4j.train.BatchAssembler;
import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.train.SupervisedTraining;
import io.github.seer4j.train.SwavPretrainer;
import io.github.seer4j.train.SwavStepBenchmark;

import io.github.seer4j.designspace.NetworkSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;

/**
 * Issue 5's benchmark in one call, within a wall-clock budget: SwAV-pretrain a trunk on the training images without
 * their labels, then at each label fraction (seeded class-balanced subsets) train a linear classifier on the frozen
 * features (the last stage's pooled output, every stage's, and every stage's spatially pooled from upsampled images:
 * {@link ProbeFeatures#spatial}) of the pretrained trunk and of the same trunk at
 * random initialisations (the mean of {@link StoryMethod#RANDOM_INITS}), and train the whole network
 * from scratch on the same subset; write {@code story.json}, {@code story.md} and {@code story.png} (atomically)
 * under the output folder. Progress goes to the log; features are extracted once per trunk (and cached).
 */
public final class EvaluationStory {

    /** What the story measured and where it wrote it. */
    public record Outcome(StoryResult result, Path json, Path markdown, Path chart, Path pretrainRun) {}

    private final StoryRequest request;
    private final StorySettings settings;
    private final PrintStream log;
    private final AugmentOptions norm = AugmentOptions.swavGray();
    private final long start = System.nanoTime();

    private EvaluationStory(StoryRequest request, PrintStream log) {
        this.request = request;
        this.settings = request.settings();
        this.log = log;
    }

    public static Outcome run(StoryRequest request, PrintStream log) throws IOException {
        return new EvaluationStory(request, log).run();
    }

    private Outcome run() throws IOException {
        NetworkSpec spec = request.spec();
        StoryBudget budget = request.budget();
        log.printf(Locale.ROOT, "story: %s widths %s depths %s, %.2f MF at 28 px; %d train / %d test images (%s);"
                        + " budget %.0f s: pretraining %.0f s, supervised %.0f s, features and probes %.0f s%n",
                spec.name(), spec.widths(), spec.depths(), spec.complexity(28).flops() / 1e6, request.train().size(),
                request.test().size(), request.dataSource(), budget.totalSeconds(), budget.pretrainSeconds(),
                budget.supervisedSeconds(), budget.evaluationSeconds());
        Path runDir = request.out().resolve("pretrain");
        SwavPretrainer.Summary swav = pretrain(runDir);

        List<StoryResult.Row> rows = new ArrayList<>();
        Path trunkFile = runDir.resolve(CheckpointFile.TRUNK_FILE);
        RegNetNetwork pretrainedTrunk = RegNetNetwork.load(trunkFile);
        String pretrainedDigest = FeatureCache.digest(trunkFile);
        FrozenFeatures pretrained = features(pretrainedTrunk, pretrainedDigest, ProbeFeatures.ALL_STAGES);
        ProbeFeatures spatial = ProbeFeatures.spatial(request.train().image(0).height());
        FrozenFeatures pretrainedSpatial = features(pretrainedTrunk, pretrainedDigest, spatial);
        // a random trunk's probe varies by several points from draw to draw: the baseline is the mean of a few
        // inits (the pretraining's starting point first), each probed on the same labels
        List<FrozenFeatures> randoms = new ArrayList<>();
        List<FrozenFeatures> randomsSpatial = new ArrayList<>();
        for (int i = 0; i < StoryMethod.RANDOM_INITS; i++) {
            RegNetNetwork init = trunk(settings.seed() + i);
            String digest = "random|" + spec + "|" + (settings.seed() + i);
            randoms.add(features(init, digest, ProbeFeatures.ALL_STAGES));
            randomsSpatial.add(features(init, digest, spatial));
        }
        FrozenFeatures random = randoms.get(0);
        rows.addAll(linear(StoryMethod.PRETRAINED_LINEAR, List.of(pretrained.lastStage())));
        rows.addAll(linear(StoryMethod.RANDOM_LINEAR, randoms.stream().map(FrozenFeatures::lastStage).toList()));
        rows.addAll(linear(StoryMethod.PRETRAINED_ALL_STAGES, List.of(pretrained)));
        rows.addAll(linear(StoryMethod.RANDOM_ALL_STAGES, randoms));
        rows.addAll(linear(StoryMethod.PRETRAINED_SPATIAL, List.of(pretrainedSpatial)));
        rows.addAll(linear(StoryMethod.RANDOM_SPATIAL, randomsSpatial));
        double inferenceRate = (request.train().size() + request.test().size()) / Math.max(1e-9, random.seconds());
        rows.addAll(supervised(inferenceRate));

        PretrainConfig cfg = settings.pretrain();
        StoryResult result = new StoryResult(
                new StoryResult.Model(spec.name(), spec.widths(), spec.depths(), spec.complexity(224).flops(),
                        spec.complexity(28).flops(), spec.complexity(28).params()),
                new StoryResult.Data(request.dataName(), request.train().size(), request.test().size(),
                        settings.classes(), request.dataSource()),
                new StoryResult.Budget(budget.totalSeconds() / 60, budget.pretrainSeconds(),
                        budget.supervisedSeconds(), budget.evaluationSeconds(), elapsed()),
                new StoryResult.Pretraining(swav.seconds(), swav.iterations(), cfg.batchSize(), swav.firstLoss(),
                        swav.lastLoss(), swav.lnK(), cfg.prototypes(), swav.prototypesUsed(),
                        swav.imagesPerSecond(), StoryResult.Pretraining.collapsed(swav.lastLoss(), swav.lnK())),
                rows);
        if (result.budget().elapsedSeconds() > budget.totalSeconds()) {
            log.printf(Locale.ROOT, "story: took %.0f s, over the %.0f s budget (pretraining %.0f s of %.0f; features"
                            + " %.0f + %.0f s and the minimum run lengths do not shrink with the budget)%n",
                    result.budget().elapsedSeconds(), budget.totalSeconds(), swav.seconds(), budget.pretrainSeconds(),
                    pretrained.seconds(), random.seconds());
        }
        Path out = request.out();
        Path json = AtomicFiles.writeString(out.resolve("story.json"), StoryJson.write(result));
        Path markdown = AtomicFiles.writeString(out.resolve("story.md"), StoryTable.markdown(result));
        Path chart = AtomicFiles.write(out.resolve("story.png"), StoryChart.png(result));
        return new Outcome(result, json, markdown, chart, runDir);
    }

    /** Calibrates the SwAV step rate, then pretrains for the steps that fit in the pretraining share. */
    private SwavPretrainer.Summary pretrain(Path runDir) throws IOException {
        Path calibration = Files.createTempDirectory("seer4j-story-calibration");
        double rate;
        try {
            double warmup = Calibration.minWarmupSeconds(request.budget().pretrainSeconds());
            rate = SwavStepBenchmark.steadyImagesPerSecond(pretrainer(settings.pretrainFor(1000), calibration),
                    settings.calibrationSteps(), warmup, 2 * warmup + 5);
        } finally {
            deleteTree(calibration);
        }
        int batch = settings.pretrain().batchSize();
        long steps = StoryBudget.steps(request.budget().pretrainSeconds() - elapsed(), rate, batch,
                settings.minPretrainSteps(), settings.maxPretrainSteps());
        log.printf(Locale.ROOT, "story: SwAV %.0f img/s measured, pretraining about %d steps of %d images (re-planned"
                + " as the run's own rate settles)%n", rate, steps, batch);
        // the steps are re-planned from the run's own rate so that it ends when its share is spent
        BudgetedPlan plan = new BudgetedPlan(settings.pretrainFor(steps), steps, batch / rate,
                start + (long) ((request.budget().pretrainSeconds() - BudgetedPlan.END_SECONDS) * 1e9),
                System::nanoTime, settings.minPretrainSteps(), settings.maxPretrainSteps());
        SwavPretrainer.Summary s = pretrainer(settings.pretrainFor(steps), runDir).plan(plan).run(false);
        log.printf(Locale.ROOT, "story: pretrained %d iterations (%d planned, re-planned %d times) in %.0f s, %.0f s of"
                        + " the %.0f s share; loss %.3f -> %.3f (ln K = %.3f)%s%n", s.iterations(), steps,
                plan.replans(), s.seconds(), elapsed(), request.budget().pretrainSeconds(), s.firstLoss(),
                s.lastLoss(), s.lnK(), StoryResult.Pretraining.collapsed(s.lastLoss(), s.lnK()) ? ", collapsed" : "");
        return s;
    }

    private SwavPretrainer pretrainer(PretrainConfig cfg, Path dir) {
        // the story rebuilds its whole output folder on each run: its pretraining replaces the last one (still locked)
        return new SwavPretrainer(trunk(), request.train(), norm, cfg, dir, log).force(true);
    }

    /** The trunk at its initialisation: the pretraining's starting point, and the random baseline. */
    private RegNetNetwork trunk() {
        return trunk(settings.seed());
    }

    private RegNetNetwork trunk(long seed) {
        return RegNetNetwork.build(request.spec(), RegNetOptions.defaults().withInputChannels(1).withoutHead()
                .withSeed(seed));
    }

    /**
     * Frozen features of every train and test image, and the seconds they took (0 when both came from the cache):
     * every stage's pooled output, concatenated; with the global pool, the last {@code lastWidth} columns are the
     * last stage's.
     */
    private record FrozenFeatures(ProbeFeatures which, INDArray train, INDArray test, double seconds, int lastWidth) {
        FrozenFeatures lastStage() {
            return new FrozenFeatures(ProbeFeatures.LAST_STAGE, lastColumns(train), lastColumns(test), seconds,
                    lastWidth);
        }

        private INDArray lastColumns(INDArray features) {
            long d = features.columns();
            return features.get(NDArrayIndex.all(), NDArrayIndex.interval(d - lastWidth, d)).dup();
        }
    }

    private FrozenFeatures features(RegNetNetwork net, String digest, ProbeFeatures which) throws IOException {
        long t0 = System.nanoTime();
        FeatureExtractor extractor = probe(which).extractor(net);
        FeatureCache cache = new FeatureCache(request.out().resolve("features"));
        String what = request.dataName() + "|" + request.train().size() + "|" + request.test().size() + "|"
                + which.cacheKey();
        INDArray train = cache.getOrCompute(digest, what + "|train", () -> extractor.extract(request.train()));
        INDArray test = cache.getOrCompute(digest, what + "|test", () -> extractor.extract(request.test()));
        return new FrozenFeatures(which, train, test, (System.nanoTime() - t0) / 1e9, net.spec().outputWidth());
    }

    /** One row per label fraction: the linear probe of the features (the mean over several trunks' features). */
    private List<StoryResult.Row> linear(StoryMethod method, List<FrozenFeatures> trunks) {
        List<StoryResult.Row> rows = new ArrayList<>();
        int[] labels = request.train().labels();
        for (double fraction : ascending()) {
            FrozenProbe.Labelled labelled = probe(ProbeFeatures.LAST_STAGE).labelled(labels, fraction, settings.seed());
            double accuracy = 0;
            double seconds = 0;
            double featureSeconds = 0;
            long iterations = 0;
            List<String> each = new ArrayList<>();
            for (FrozenFeatures f : trunks) {
                long t0 = System.nanoTime();
                FrozenProbe.Result r = probe(f.which()).fit(labelled.rows(f.train()), labelled.labels(), f.test(),
                        request.test().labels());
                seconds += (System.nanoTime() - t0) / 1e9;
                featureSeconds += f.seconds();
                accuracy += r.top1() / trunks.size();
                iterations = r.iterations();
                each.add(String.format(Locale.ROOT, "%.2f%%", 100 * r.top1()));
            }
            log.printf(Locale.ROOT, "story: %s, %s labels (%d images): top-1 %.2f%%%s%n", method.label(),
                    StoryResult.percent(fraction), labelled.size(), 100 * accuracy,
                    trunks.size() > 1 ? " (mean of " + String.join(", ", each) + ")" : "");
            rows.add(new StoryResult.Row(method, fraction, accuracy, labelled.size(), seconds, featureSeconds,
                    iterations, iterations, false));
        }
        return rows;
    }

    /**
     * Trains the network from scratch on each subset, smallest first; before each run, the estimated test
     * evaluations of the runs left come off the remaining supervised share, the rest is split by
     * {@link StoryBudget#firstShare}, and the run's steps follow from the last measured training rate (the first
     * from a calibration after the JIT's warm-up).
     */
    private List<StoryResult.Row> supervised(double inferenceRate) {
        long t0 = System.nanoTime();
        int batch = settings.supervisedBatch();
        RegNetNetwork calibrationNet = classifier();
        BatchAssembler assembler = new BatchAssembler(norm.mean(), norm.std(), calibrationNet.dataType());
        LabeledImages train = request.train();
        LabeledImages test = request.test();
        int[] labels = train.labels();
        int[] testLabels = test.labels();
        // calibration: a few steps on the first images, tested on the first test batch (same indices as in test),
        // repeated until one starts after the JIT's warm-up; that one's rate counts (a cold measurement gave the 1%
        // run a third of the steps it had time for)
        int[] first = IntStream.range(0, Math.min(train.size(), settings.calibrationSteps() * batch)).toArray();
        SubsetSource firstTest = new SubsetSource(test, IntStream.range(0, Math.min(test.size(), batch)).toArray());
        double warmup = Calibration.minWarmupSeconds(request.budget().supervisedSeconds());
        double rate;
        long runStart;
        do {
            runStart = System.nanoTime();
            rate = SupervisedTraining.run(calibrationNet, train, labels, first, firstTest, testLabels, assembler,
                    settings.supervisedFor(1), settings.calibrationSteps(), null).imagesPerSecond();
        } while ((runStart - t0) / 1e9 < warmup);
        double remaining = request.budget().supervisedSeconds() - (System.nanoTime() - t0) / 1e9;
        double evaluationSeconds = test.size() / inferenceRate;
        List<Double> fractions = ascending();
        int[][] subsets = fractions.stream()
                .map(f -> BalancedSubset.select(labels, settings.classes(), f, settings.seed())).toArray(int[][]::new);
        List<StoryResult.Row> rows = new ArrayList<>();
        for (int i = 0; i < subsets.length; i++) {
            int[] subset = subsets[i];
            int[] sizes = Stream.of(subsets).skip(i).mapToInt(s -> s.length).toArray();
            // the test evaluations of the runs left come off the top; the training time left is then shared
            double seconds = StoryBudget.firstShare(remaining - sizes.length * evaluationSeconds, sizes);
            int stepsPerEpoch = (subset.length + batch - 1) / batch;
            long wanted = (long) settings.supervisedEpochs() * stepsPerEpoch;
            long steps = StoryBudget.steps(seconds, rate, Math.min(batch, subset.length),
                    Math.min(settings.minSupervisedSteps(), wanted), wanted);
            int epochs = (int) ((steps + stepsPerEpoch - 1) / stepsPerEpoch);
            String name = "supervised " + StoryResult.percent(fractions.get(i));
            log.printf(Locale.ROOT, "story: %s, %d images: %d steps (%.2f epochs)%s%n", name, subset.length, steps,
                    steps / (double) stepsPerEpoch, seconds > 0 ? String.format(Locale.ROOT, " in about %.0f s",
                            seconds) : ", the minimum: the supervised share is spent");
            long t1 = System.nanoTime();
            SupervisedTraining.Result r = SupervisedTraining.run(classifier(), train, labels, subset, test, testLabels,
                    assembler, settings.supervisedFor(epochs), steps, ProgressReporter.steps(name));
            double wall = (System.nanoTime() - t1) / 1e9;
            remaining -= wall;
            rate = r.imagesPerSecond();
            log.printf(Locale.ROOT, "story: %s: top-1 %.2f%% after %d steps in %.0f s%s%n", name,
                    100 * r.testAccuracy(), r.steps(), wall, steps < wanted ? " (time-capped)" : "");
            rows.add(new StoryResult.Row(StoryMethod.SUPERVISED, fractions.get(i), r.testAccuracy(), subset.length,
                    wall, 0, r.steps(), r.steps() / (double) stepsPerEpoch, steps < wanted));
        }
        rows.sort(Comparator.comparingDouble(StoryResult.Row::fraction));
        return rows;
    }

    /** The linear probe of these features on the story's classes. */
    private FrozenProbe probe(ProbeFeatures which) {
        return new FrozenProbe(which, FrozenProbe.Method.LINEAR, settings.classes());
    }

    /** The spec with a head of {@code classes} outputs, freshly initialised. */
    private RegNetNetwork classifier() {
        return RegNetNetwork.build(request.spec(), RegNetOptions.defaults().withInputChannels(1)
                .withClasses(settings.classes()).withSeed(settings.seed()));
    }

    private List<Double> ascending() {
        return settings.fractions().stream().sorted().toList();
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
