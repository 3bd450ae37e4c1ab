package io.github.seer4j.search;

import java.util.Locale;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;
import io.github.seer4j.train.BatchAssembler;
import io.github.seer4j.train.SupervisedTraining;

/**
 * Score (b): top-1 test error of a candidate after a short supervised training on Fashion-MNIST (28 px, gray, 10
 * classes), from scratch. Every candidate trains on the same class-balanced subset of the training split and is
 * tested on the same first images of the test split; weights and batches are seeded by the search seed and the
 * candidate index. Lives in cli because it joins regnet (network builder) and train (training loop) for search.
 */
final class SupervisedScorer implements CandidateScorer {

    private final TrainingOptions options;
    private final long seed;
    private final double learningRate;
    private final ScoringData data;

    SupervisedScorer(TrainingOptions options, long seed) {
        this.options = options;
        this.seed = seed;
        this.learningRate = options.learningRate();
        this.data = ScoringData.load(options, seed, "supervised");
    }

    @Override
    public String scoreName() {
        return "supervised";
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "top-1 error (Fashion-MNIST, %d epoch(s) on %d images)", options.epochs(),
                data.subset().length);
    }

    @Override
    public double score(Candidate candidate) {
        long s = seed * 1_000_003L + candidate.index();
        RegNetNetwork net = RegNetNetwork.build(candidate.spec(), RegNetOptions.defaults().withInputChannels(1)
                .withClasses(ScoringData.CLASSES).withSeed(s));
        AugmentOptions norm = AugmentOptions.swavGray();
        BatchAssembler assembler = new BatchAssembler(norm.mean(), norm.std(), net.dataType());
        SupervisedTraining.Config cfg = new SupervisedTraining.Config(options.epochs(), 128, learningRate, 5e-4, 2, s);
        SupervisedTraining.Result r = SupervisedTraining.run(net, data.train(), data.train().labels(), data.subset(),
                data.test(), data.testLabels(),
                assembler, cfg, null);
        return 1 - r.testAccuracy();
    }
}
