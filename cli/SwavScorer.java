package cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import regnet.RegNetNetwork;
import regnet.RegNetOptions;
import search.Candidate;
import search.CandidateScorer;
import search.TrainingOptions;
import swav.AugmentOptions;
import train.BalancedSubset;
import train.FashionMnist;
import train.FashionMnistData;
import train.FeatureExtractor;
import train.LabeledImages;
import train.LinearProbe;
import train.PretrainConfig;
import train.SubsetSource;
import train.SwavPretrainer;

/**
 * Score (c): linear-probe top-1 error of a candidate's trunk after a short SwAV pretraining on Fashion-MNIST images
 * (labels unused), the probe trained on a seeded class-balanced subset of the labels and tested on the first test
 * images. SwAV runs with its default base learning rate (0.6, LARC); the search's --lr is the supervised one.
 * Lives in cli because it joins regnet (network builder) and train (trainer, probe) for search.
 */
final class SwavScorer implements CandidateScorer {
    private static final int CLASSES = 10;
    private static final int BATCH = 64;

    private final TrainingOptions options;
    private final long seed;
    private final LabeledImages train;
    private final int[] subset;
    private final SubsetSource test;
    private final int[] testLabels;

    SwavScorer(TrainingOptions options, long seed, int trainImages, int testImages) {
        if (!options.data().equalsIgnoreCase("fashion-mnist")) {
            throw new IllegalArgumentException("--data " + options.data() + " is not supported by the swav score;"
                    + " use fashion-mnist");
        }
        if (trainImages < CLASSES || trainImages > 60_000 || testImages < 1 || testImages > 10_000) {
            throw new IllegalArgumentException("--train-images must be in [10, 60000] and --test-images in [1, 10000];"
                    + " got " + trainImages + " and " + testImages);
        }
        this.options = options;
        this.seed = seed;
        try {
            train = FashionMnistData.load(FashionMnist.Split.TRAIN);
            LabeledImages fullTest = FashionMnistData.load(FashionMnist.Split.TEST);
            int n = Math.min(testImages, fullTest.size());
            int[] first = new int[n];
            Arrays.setAll(first, i -> i);
            test = new SubsetSource(fullTest, first);
            testLabels = Arrays.copyOf(fullTest.labels(), n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load Fashion-MNIST: " + e.getMessage(), e);
        }
        subset = BalancedSubset.select(train.labels(), CLASSES, Math.min(1.0, trainImages / (double) train.size()),
                seed);
    }

    @Override
    public String scoreName() {
        return "swav";
    }

    @Override
    public String label() {
        return String.format(Locale.ROOT, "linear-probe top-1 error after SwAV (%d epoch(s) on %d unlabeled images)",
                options.epochs(), subset.length);
    }

    @Override
    public double score(Candidate candidate) {
        long s = seed * 1_000_003L + candidate.index();
        RegNetNetwork net = RegNetNetwork.build(candidate.spec(), RegNetOptions.defaults().withInputChannels(1)
                .withoutHead().withSeed(s));
        SubsetSource images = new SubsetSource(train, subset);
        PretrainConfig d = PretrainConfig.defaults();
        long steps = Math.max(1, (long) options.epochs() * Math.max(1, subset.length / BATCH));
        PretrainConfig cfg = new PretrainConfig(options.epochs(), steps, BATCH, d.crops(), d.prototypes(), 0, 0,
                d.epsilon(), d.sinkhornIterations(), d.temperature(), d.baseLr(), d.finalLr(), d.startWarmup(), 0,
                d.weightDecay(), Math.min(d.freezePrototypes(), steps / 4), d.headDims(), d.headBatchNorm(), steps, s,
                d.workers());
        try {
            Path dir = Files.createTempDirectory("seer4j-swav-score");
            new SwavPretrainer(net, images, AugmentOptions.swavGray(), cfg, dir, new PrintStream(
                    PrintStream.nullOutputStream())).run(false);
            AugmentOptions norm = AugmentOptions.swavGray();
            FeatureExtractor fx = new FeatureExtractor(net, norm.mean(), norm.std(), false, 256);
            INDArray x = fx.extract(images);
            INDArray xt = fx.extract(test);
            int[] y = new int[subset.length];
            int[] all = train.labels();
            for (int i = 0; i < y.length; i++) {
                y[i] = all[subset[i]];
            }
            double error = 1 - LinearProbe.defaults().fitAndEvaluate(x, y, xt, testLabels, CLASSES).testAccuracy();
            try (var files = Files.walk(dir)) { // the candidate's checkpoints are not kept
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            return error;
        } catch (IOException e) {
            throw new UncheckedIOException("SwAV scoring of " + candidate.spec().name() + " failed: " + e.getMessage(), e);
        }
    }
}
