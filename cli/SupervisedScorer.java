package cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import regnet.RegNetNetwork;
import regnet.RegNetOptions;
import search.Candidate;
import search.CandidateScorer;
import search.TrainingOptions;
import swav.AugmentOptions;
import swav.Image;
import swav.ImageSource;
import train.BalancedSubset;
import train.BatchAssembler;
import train.FashionMnist;
import train.FashionMnistData;
import train.LabeledImages;
import train.SupervisedTraining;

/**
 * Score (b): top-1 test error of a candidate after a short supervised training on Fashion-MNIST (28 px, gray, 10
 * classes), from scratch. Every candidate trains on the same class-balanced subset of the training split and is
 * tested on the same first images of the test split; weights and batches are seeded by the search seed and the
 * candidate index. Lives in cli because it joins regnet (network builder) and train (training loop) for search.
 */
final class SupervisedScorer implements CandidateScorer {
    private static final int CLASSES = 10;

    private final TrainingOptions options;
    private final long seed;
    private final double learningRate;
    private final LabeledImages train;
    private final int[] subset;
    private final ImageSource test;
    private final int[] testLabels;

    SupervisedScorer(TrainingOptions options, long seed, int trainImages, int testImages, double learningRate) {
        if (!options.data().equalsIgnoreCase("fashion-mnist")) {
            throw new IllegalArgumentException("--data " + options.data() + " is not supported by the supervised score;"
                    + " use fashion-mnist");
        }
        if (trainImages < CLASSES || trainImages > 60_000) {
            throw new IllegalArgumentException("--train-images must be in [10, 60000], got " + trainImages);
        }
        if (testImages < 1 || testImages > 10_000) {
            throw new IllegalArgumentException("--test-images must be in [1, 10000], got " + testImages);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + learningRate);
        }
        this.options = options;
        this.seed = seed;
        this.learningRate = learningRate;
        try {
            train = FashionMnistData.load(FashionMnist.Split.TRAIN);
            LabeledImages fullTest = FashionMnistData.load(FashionMnist.Split.TEST);
            int n = Math.min(testImages, fullTest.size());
            test = new ImageSource() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public Image image(int index) {
                    return fullTest.image(index);
                }
            };
            testLabels = Arrays.copyOf(fullTest.labels(), n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load Fashion-MNIST: " + e.getMessage(), e);
        }
        subset = BalancedSubset.select(train.labels(), CLASSES, Math.min(1.0, trainImages / (double) train.size()),
                seed);
    }

    @Override
    public String scoreName() {
        return "supervised";
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "top-1 error (Fashion-MNIST, %d epoch(s) on %d images)", options.epochs(),
                subset.length);
    }

    @Override
    public double score(Candidate candidate) {
        long s = seed * 1_000_003L + candidate.index();
        RegNetNetwork net = RegNetNetwork.build(candidate.spec(), RegNetOptions.defaults().withInputChannels(1)
                .withClasses(CLASSES).withSeed(s));
        AugmentOptions norm = AugmentOptions.swavGray();
        BatchAssembler assembler = new BatchAssembler(norm.mean(), norm.std(), net.dataType());
        SupervisedTraining.Config cfg = new SupervisedTraining.Config(options.epochs(), 128, learningRate, 5e-4, 2, s);
        SupervisedTraining.Result r = SupervisedTraining.run(net, train, train.labels(), subset, test, testLabels,
                assembler, cfg, null);
        return 1 - r.testAccuracy();
    }
}
