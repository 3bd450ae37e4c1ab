package io.github.seer4j.eval;

import io.github.seer4j.regnet.TrunkTransfer;
import io.github.seer4j.regnet.interop.TorchvisionWeights;

import io.github.seer4j.train.ProgressReporter;

import io.github.seer4j.train.CheckpointFile;
import io.github.seer4j.train.RunConfig;
import io.github.seer4j.train.RunFolder;

import io.github.seer4j.data.BalancedSubset;
import io.github.seer4j.data.ImageSource;
import io.github.seer4j.data.SubsetSource;
import io.github.seer4j.train.BatchAssembler;
import io.github.seer4j.train.SupervisedTraining;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;

/**
 * Evaluates frozen trunk features on labelled data ({@link ProbeData}: Fashion-MNIST, or photos in class folders): extracts (or reuses cached) features of the train and test
 * splits, picks a seeded class-balanced subset of the training labels, trains a linear classifier or runs k-NN, and
 * reports top-1 accuracy on the whole test split.
 */
public final class ProbeRunner {
    private ProbeRunner() {}

    public static ProbeReport run(ProbeRequest request) throws IOException {
        return run(request, null);
    }

    /** As {@link #run(ProbeRequest)}; {@code randomSpec}, when given, is the network of "random" (instead of a name). */
    public static ProbeReport run(ProbeRequest request, NetworkSpec randomSpec) throws IOException {
        return run(request, randomSpec, request.seed());
    }

    /**
     * As {@link #run(ProbeRequest, NetworkSpec)}, with a "random" network initialised from {@code initSeed} while the
     * labelled subset still follows the request's seed: several random inits probed on the same labels show how much
     * of a random-init baseline is luck of the draw (seeds 1, 2, 3 of the quickstart model: 59.9%, 68.1%, 68.2%).
     */
    public static ProbeReport run(ProbeRequest request, NetworkSpec randomSpec, long initSeed) throws IOException {
        return run(request, randomSpec, initSeed, null);
    }

    /**
     * As {@link #run(ProbeRequest, NetworkSpec, long)} on the labelled {@code data} (a folder, or null for
     * Fashion-MNIST, loaded after the network so that a bad checkpoint fails before the data loads).
     */
    public static ProbeReport run(ProbeRequest request, NetworkSpec randomSpec, long initSeed, ProbeData data)
            throws IOException {
        if (request.method().equals("finetune") || request.method().equals("supervised")) {
            return train(request, randomSpec, data);
        }
        RegNetNetwork net = network(request, randomSpec, initSeed, data);
        data = data == null ? ProbeData.fashionMnist() : data;
        String digest = request.random() ? "random|" + net.spec().name() + "|" + initSeed
                : FeatureCache.digest(trunkFile(request.checkpoint()));
        ImageSource train = data.train();
        ImageSource test = data.test();
        FrozenProbe probe = new FrozenProbe(request.features(), FrozenProbe.Method.named(request.method()),
                data.classes());
        FeatureExtractor extractor = new FeatureExtractor(net, data.mean(), data.std(), request.features(),
                FrozenProbe.EXTRACTION_BATCH);
        FeatureCache cache = new FeatureCache(request.cacheDir());
        String what = data.key() + "|" + request.features().cacheKey();
        FrozenProbe.Labelled labelled = probe.labelled(data.trainLabels(), request.labelsFraction(), request.seed());
        long t0 = System.nanoTime();
        boolean[] computed = {false};
        // only the labelled subset's training features are needed: a 1% probe extracts 600 images, not 60,000
        INDArray x = cache.getOrCompute(digest, what + "|train|" + request.labelsFraction() + "|" + request.seed(), () -> {
            computed[0] = true;
            return extractor.extract(new SubsetSource(train, labelled.indices()));
        });
        INDArray testX = cache.getOrCompute(digest, what + "|test", () -> {
            computed[0] = true;
            return extractor.extract(test);
        });
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        double top1 = probe.fit(x, labelled.labels(), testX, data.testLabels()).top1();
        double trainSeconds = (System.nanoTime() - t1) / 1e9;
        return new ProbeReport(request.checkpoint(), net.spec().name(), request.method(), request.labelsFraction(),
                labelled.size(), test.size(), top1, request.features().describe(), (int) testX.columns(), !computed[0], featureSeconds, trainSeconds);
    }

    /**
     * Trains the whole network with a 10-way head on the labelled subset: from the checkpoint's trunk
     * ("finetune"), or from scratch ("supervised", the low-shot baseline).
     */
    static ProbeReport train(ProbeRequest request, NetworkSpec randomSpec, ProbeData given) throws IOException {
        RegNetNetwork trunk = network(request, randomSpec, request.seed(), given);
        ProbeData data = given == null ? ProbeData.fashionMnist() : given;
        RegNetNetwork net = RegNetNetwork.build(trunk.spec(), RegNetOptions.defaults()
                .withInputChannels(data.channels()).withClasses(data.classes()).withSeed(request.seed()));
        if (request.method().equals("finetune")) {
            if (request.random()) {
                throw new IllegalArgumentException("finetune needs a pretrained checkpoint; for training from scratch"
                        + " use --method supervised");
            }
            TrunkTransfer.copy(trunk, net);
        }
        ImageSource train = data.train();
        ImageSource test = data.test();
        int[] subset = BalancedSubset.select(data.trainLabels(), data.classes(), request.labelsFraction(),
                request.seed());
        BatchAssembler assembler = new BatchAssembler(data.mean(), data.std(), net.dataType());
        SupervisedTraining.Config cfg = new SupervisedTraining.Config(request.epochs(), 128, request.learningRate(), 5e-4, 2,
                request.seed());
        SupervisedTraining.Result r = SupervisedTraining.run(net, train, data.trainLabels(), subset, test,
                data.testLabels(),
                assembler, cfg, ProgressReporter.steps("train " + request.method()));
        return new ProbeReport(request.checkpoint(), net.spec().name(), request.method(), request.labelsFraction(),
                subset.length, test.size(), r.testAccuracy(), "whole network trained", net.spec().outputWidth(), false, 0, r.seconds());
    }

    /**
     * The network to evaluate: loaded from the checkpoint, or freshly initialised for "random" (the spec
     * {@code randomSpec} when given, else the named {@code --model}).
     */
    static RegNetNetwork network(ProbeRequest request, NetworkSpec randomSpec, long initSeed) throws IOException {
        return network(request, randomSpec, initSeed, 1, "fashion-mnist");
    }

    /** The network for {@code data} (null: Fashion-MNIST, 1 channel). */
    static RegNetNetwork network(ProbeRequest request, NetworkSpec randomSpec, long initSeed, ProbeData data)
            throws IOException {
        return data == null ? network(request, randomSpec, initSeed)
                : network(request, randomSpec, initSeed, data.channels(), data.name());
    }

    private static RegNetNetwork network(ProbeRequest request, NetworkSpec randomSpec, long initSeed, int channels,
            String dataName) throws IOException {
        RegNetNetwork net = networkWith(request, randomSpec, initSeed, channels);
        if (net.inputChannels() != channels) {
            throw new IllegalArgumentException("the trunk in " + request.checkpoint() + " takes " + net.inputChannels()
                    + " input channel(s) but " + dataName + " has " + channels + "; probe it on data like its"
                    + " pretraining (gray Fashion-MNIST or RGB photos)");
        }
        return net;
    }

    private static RegNetNetwork networkWith(ProbeRequest request, NetworkSpec randomSpec, long initSeed,
            int channels) throws IOException {
        if (request.random()) {
            if (randomSpec == null && request.model() == null) {
                throw new IllegalArgumentException("--checkpoint random needs --model (e.g. RegNetY-200MF)");
            }
            NetworkSpec spec = randomSpec != null ? randomSpec : RegNet.named(request.model());
            return RegNetNetwork.build(spec, RegNetOptions.defaults().withInputChannels(channels).withoutHead()
                    .withSeed(initSeed));
        }
        if (isTorchvisionWeights(request.checkpoint())) {
            if (randomSpec == null) {
                throw new IllegalArgumentException("the weights " + request.checkpoint() + " need their architecture:"
                        + " give --model, --flops or --spec");
            }
            RegNetNetwork net = RegNetNetwork.build(randomSpec, RegNetOptions.defaults().withInputChannels(channels)
                    .withoutHead().withSeed(initSeed));
            TorchvisionWeights.load(trunkFile(request.checkpoint()), net);
            return net;
        }
        return loadTrunk(request.checkpoint());
    }

    /** The trunk of a run directory (from its checkpoint, the run's commit point), a checkpoint or a trunk file. */
    public static RegNetNetwork loadTrunk(String checkpoint) throws IOException {
        Path file = trunkFile(checkpoint);
        return file.getFileName().toString().equals(RunFolder.CHECKPOINT_FILE) ? CheckpointFile.readTrunk(file)
                : RegNetNetwork.load(file);
    }

    /** Whether a checkpoint names a torchvision state_dict in safetensors (loaded into the given architecture). */
    public static boolean isTorchvisionWeights(String checkpoint) {
        return checkpoint.toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors");
    }

    /** Where a checkpoint's features are cached: beside its trunk file, or {@code runs/features} for "random". */
    public static Path cacheFor(String checkpoint) {
        return checkpoint.equalsIgnoreCase("random") ? Path.of("runs", "features")
                : trunkFile(checkpoint).toAbsolutePath().getParent().resolve("features");
    }

    /**
     * A trunk file, or inside a run directory its checkpoint (the run's commit point, which holds the trunk and its
     * spec), or {@code trunk.bin} where the checkpoint records no spec (written by an older seer4j).
     */
    public static Path trunkFile(String checkpoint) {
        if (checkpoint.isEmpty()) {
            throw new IllegalArgumentException("--checkpoint is an empty path; give a run directory, a trunk file or"
                    + " 'random'");
        }
        Path p = Path.of(checkpoint);
        if (Files.isDirectory(p)) {
            Path ckpt = p.resolve(RunFolder.CHECKPOINT_FILE);
            p = Files.isRegularFile(ckpt) && recordsSpec(ckpt) ? ckpt : p.resolve(CheckpointFile.TRUNK_FILE);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no checkpoint at " + p + "; give a run directory written by 'pretrain'"
                    + " (it holds " + CheckpointFile.TRUNK_FILE + "), a trunk file, or 'random'");
        }
        return p;
    }

    private static boolean recordsSpec(Path checkpoint) {
        try {
            return CheckpointFile.readHeader(checkpoint).config().containsKey(RunConfig.SPEC);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
