package io.github.seer4j.search;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;
import io.github.seer4j.eval.FrozenProbe;
import io.github.seer4j.eval.ProbeFeatures;
import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.data.SubsetSource;
import io.github.seer4j.train.SwavPretrainer;

/**
 * Score (c): linear-probe top-1 error of a candidate's trunk after a short SwAV pretraining on Fashion-MNIST images
 * (labels unused), the probe trained on a seeded class-balanced subset of the labels and tested on the first test
 * images. SwAV runs with its default base learning rate (0.6, LARC); the search's --lr is the supervised one.
 */
final class SwavScorer implements CandidateScorer {
    private static final int BATCH = 64;

    private final TrainingOptions options;
    private final long seed;
    private final ScoringData data;

    SwavScorer(TrainingOptions options, long seed) {
        this.options = options;
        this.seed = seed;
        this.data = ScoringData.load(options, seed, "swav");
    }

    @Override
    public String scoreName() {
        return "swav";
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "linear-probe top-1 error after SwAV (%d epoch(s) on %d unlabeled images)",
                options.epochs(), data.subset().length);
    }

    @Override
    public double score(Candidate candidate) {
        long s = seed * 1_000_003L + candidate.index();
        RegNetNetwork net = RegNetNetwork.build(candidate.spec(), RegNetOptions.defaults().withInputChannels(1)
                .withoutHead().withSeed(s));
        SubsetSource images = new SubsetSource(data.train(), data.subset());
        PretrainConfig d = PretrainConfig.defaults();
        long steps = Math.max(1, (long) options.epochs() * Math.max(1, data.subset().length / BATCH));
        PretrainConfig cfg = d.toBuilder().epochs(options.epochs()).steps(steps).batchSize(BATCH)
                .checkpointEvery(steps).seed(s).build().scheduledFor(steps);
        try {
            Path dir = Files.createTempDirectory("seer4j-swav-score");
            new SwavPretrainer(net, images, AugmentOptions.swavGray(), cfg, dir, new PrintStream(
                    PrintStream.nullOutputStream())).run(false);
            FrozenProbe probe = new FrozenProbe(ProbeFeatures.LAST_STAGE, FrozenProbe.Method.LINEAR,
                    ScoringData.CLASSES);
            double error = 1 - probe.run(net, data.train(), new FrozenProbe.Labelled(data.subset(),
                    data.subsetLabels()), data.test(), data.testLabels()).top1();
            try (var files = Files.walk(dir)) { // the candidate's checkpoints are not kept
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            return error;
        } catch (IOException e) {
            throw new UncheckedIOException("SwAV scoring of " + candidate.spec().name() + " failed: " + e.getMessage(), e);
        }
    }
}
