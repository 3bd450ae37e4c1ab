package io.github.seer4j.cli;

import io.github.seer4j.designspace.NetworkSpec;
import java.nio.file.Path;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.interop.TorchvisionWeights;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;
import io.github.seer4j.data.ImageSource;
import io.github.seer4j.data.FashionMnist;
import io.github.seer4j.data.FashionMnistData;
import io.github.seer4j.train.MemoryEstimate;
import io.github.seer4j.data.SkipLog;
import io.github.seer4j.data.StreamingImageFolder;
import io.github.seer4j.swav.CropSpec;
import io.github.seer4j.swav.LoaderBenchmark;
import io.github.seer4j.swav.MultiCropAugmenter;
import java.io.IOException;
import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.train.ResumeCheck;
import io.github.seer4j.train.RunConfig;
import io.github.seer4j.train.RunFolder;
import io.github.seer4j.train.SwavPretrainer;
import io.github.seer4j.train.SwavStepBenchmark;

/** {@code seer4j pretrain}: SwAV self-supervised pretraining of a RegNet on unlabeled images. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, defaultValueProvider = LibraryDefaults.class,
        description = "SwAV pretraining of a RegNet on unlabeled images (Fashion-MNIST or a folder of JPEG/PNG).")
public final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "fashion-mnist, or a folder of images or a text file "
            + "listing image paths (labels ignored; streamed, bad files named in OUT/skipped.tsv)")
    String data;

    @Mixin
    ModelChoice model = new ModelChoice();

    @picocli.CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--epochs") int epochs;
    @Option(names = "--steps", description = "stop after N iterations (0 = all epochs)") long steps;
    @Option(names = "--batch") int batch;
    @Option(names = "--crops", description = "crop groups COUNTxSIZE joined by '+', the first "
            + "global (default ${DEFAULT-VALUE}: Fashion-MNIST's, where local crops cost a third of the step and did not"
            + " help; for photos SEER's 2x224+6x96, and 2x160+4x96 fits 2 cores better)") String crops;
    @Option(names = "--prototypes") int prototypes;
    @Option(names = "--queue", description = "queue length (0 = none)") int queue;
    @Option(names = "--queue-start-epoch") int queueStart;
    @Option(names = "--queue-start-iteration", description = "added to --queue-start-epoch's "
            + "iterations") long queueStartIteration;
    @Option(names = "--epsilon", description = "Sinkhorn epsilon (default "
            + "${DEFAULT-VALUE}; SwAV's 0.05 collapsed to ln K on small data)") double epsilon;
    @Option(names = "--sinkhorn-iterations") int sinkhornIterations;
    @Option(names = "--lr", description = "base learning rate") double lr;
    @Option(names = "--final-lr") double finalLr;
    @Option(names = "--warmup-epochs", description = "linear warm-up epochs (default: with --warmup-iterations "
            + "absent too, the first 10%% of the run)") Integer warmupEpochs;
    @Option(names = "--warmup-iterations", description = "added to --warmup-epochs' iterations") Long warmupIterations;
    @Option(names = "--freeze-prototypes", description = "iterations (default: the first 10%% of the run)") Long freeze;
    @Option(names = "--head", split = ",", description = "projection hidden,...,out") int[] head;
    @Option(names = "--no-head-bn", description = "SEER-style head without batch norm") boolean noHeadBn;
    @Option(names = "--larc-trust", description = "LARC trust coefficient (0 = plain SGD)")
    double larcTrust;
    @Option(names = "--no-larc-clip", description = "LARC without clipping (main_swav.py's clip=False)")
    boolean noLarcClip;
    @Option(names = "--global-scale", split = ",",
            description = "RandomResizedCrop scale range of the first crop group") double[] globalScale;
    @Option(names = "--local-scale", split = ",",
            description = "scale range of the other crop groups") double[] localScale;
    @Option(names = "--jitter", description = "colour jitter strength (applied with probability 0.8; for gray images "
            + "brightness and contrast only; default 0.8, 0 = off)") Double jitter;
    @Option(names = "--checkpoint-every") long checkpointEvery;
    @Option(names = "--seed") long seed;
    @Option(names = "--init-from", description = "Start the trunk from torchvision weights: a .safetensors RegNet"
            + " state_dict whose architecture and input channels match the model (see docs/interop.md)")
    Path initFrom;
    @Option(names = "--workers", description = "augmentation threads") int workers;
    @Option(names = "--out", defaultValue = "runs/swav") Path out;
    @Option(names = "--resume", description = "continue the run in --out (only --steps, --epochs, --checkpoint-every,"
            + " --workers and the warm-up/freeze lengths may differ from the run's recorded settings)") boolean resume;
    @Option(names = "--force", description = "start a fresh run in an --out that already holds one, replacing it")
    boolean force;
    @Option(names = "--bench-warmup-seconds", defaultValue = "10", description = "with --bench: untimed steps for at "
            + "least this long first, in each mode (the JIT compiles the kernels)") double benchWarmupSeconds;
    @Option(names = "--bench", description = "time --steps SwAV steps (after a warm-up) with workspaces on and off; "
            + "print JSON (images/s, time split, bytes per step) and train nothing further") boolean bench;

    @picocli.CommandLine.Mixin
    DistributedOptions distributed = new DistributedOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    /** {@code v} rounded to {@code digits} decimals, or null when it is not finite (JSON has no NaN). */
    static Double finite(double v, int digits) {
        if (!Double.isFinite(v)) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    @Override
    public Integer call() throws Exception {
        engine.apply();
        if (data.isEmpty() || out.toString().isEmpty()) {
            throw new IllegalArgumentException((data.isEmpty() ? "--data" : "--out") + " is an empty path; give "
                    + (data.isEmpty() ? "fashion-mnist or a folder of images" : "a folder for the run"));
        }
        if (resume && force) {
            throw new IllegalArgumentException("--resume continues the run in " + out + ", --force replaces it; give one");
        }
        if (!resume && !bench && distributed.rank() == 0) { // rank 0 owns the run folder
            RunFolder.checkFresh(out, force); // before loading data or building anything
        }
        ImageSource images;
        AugmentOptions augment;
        StreamingImageFolder folder = null;
        if (data.equalsIgnoreCase("fashion-mnist")) {
            images = FashionMnistData.load(FashionMnist.Split.TRAIN);
            augment = AugmentOptions.swavGray();
        } else {
            boolean cropsGiven = commandSpec != null && commandSpec.commandLine() != null
                    && commandSpec.commandLine().getParseResult() != null
                    && commandSpec.commandLine().getParseResult().hasMatchedOption("--crops");
            crops = cropsGiven ? crops : "2x224+6x96"; // SEER's crops, not Fashion-MNIST's library default
            int shortSide = CropSpec.parse(crops, globalScale[0], globalScale[1], localScale[0], localScale[1])
                    .decodeShortSide();
            SkipLog log = SkipLog.to(out.resolve(SkipLog.FILE), resume);
            try {
                folder = StreamingImageFolder.open(Path.of(data), shortSide, log);
                folder.image(0); // fails here, in one line, when not a single listed file decodes
            } catch (IOException | IllegalStateException e) {
                log.close();
                throw Seer4j.bad(e.getMessage());
            }
            System.err.printf("%d image files listed in %s (paths held in %d kB; decoded near %d px on the short"
                    + " side); %d skipped so far, see %s%n", folder.size(), data,
                    (folder.pathBytes() + 1023) / 1024, shortSide, log.count(), log.file());
            images = folder;
            augment = AugmentOptions.swavRgb();
        }
        if (jitter != null) {
            augment = augment.withJitter(jitter, jitter > 0 ? augment.jitterProbability() : 0);
        }
        NetworkSpec spec = model.resolveOrDefault();
        RegNetOptions options = RegNetOptions.defaults().withoutHead().withInputChannels(augment.outputChannels())
                .withSeed(seed);
        PretrainConfig.Builder explicit = settings().build()
                .scheduledFor(PretrainConfig.totalIterations(epochs, steps, images.size() / batch)).toBuilder();
        if (warmupEpochs != null || warmupIterations != null) {
            explicit.warmupEpochs(warmupEpochs == null ? 0 : warmupEpochs)
                    .warmupIterations(warmupIterations == null ? 0 : warmupIterations);
        }
        if (freeze != null) {
            explicit.freezePrototypes(freeze);
        }
        PretrainConfig cfg = explicit.build();
        NetworkSpec trunk = options.apply(spec);
        MemoryEstimate.of(trunk, cfg, options.dataType() == DataType.DOUBLE ? 8 : 4).checkThisJvm();
        if (resume && !bench) { // the recorded configuration is checked before any tensor exists
            ResumeCheck.verify(out, RunConfig.of(trunk, options.dataType().name(), cfg, images.size()));
        }
        RegNetNetwork net = RegNetNetwork.build(spec, options);
        if (initFrom != null) {
            TorchvisionWeights.load(initFrom, net);
        }
        SwavPretrainer trainer = new SwavPretrainer(net, images, augment, cfg, out, System.err).force(force);
        if (bench) {
            int timed = (int) Math.max(2, Math.min(steps == 0 ? 10 : steps, 1000));
            if (folder != null) {
                // the data side alone first (decode + augment per worker, the loader with all workers), then the step
                Map<String, Object> loader = LoaderBenchmark.run(folder, new MultiCropAugmenter(cfg.cropSpec(), augment),
                        batch, workers, seed, benchWarmupSeconds);
                SwavStepBenchmark.Result r = SwavStepBenchmark.run(trainer, spec.name(), net.parameterCount(), 3,
                        benchWarmupSeconds, timed);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("data", data);
                m.put("images_listed", folder.size());
                m.put("files_skipped", folder.skipLog().count());
                m.put("loader", loader);
                m.put("step_images_per_s", r.withWorkspaces().imagesPerSecond());
                m.put("loader_keeps_up", (double) loader.get("loader_images_per_s")
                        >= r.withWorkspaces().imagesPerSecond());
                m.put("step", r.toMap());
                Output.json(System.out, m);
                return 0;
            }
            SwavStepBenchmark.Result r = SwavStepBenchmark.run(trainer, spec.name(), net.parameterCount(), 3,
                    benchWarmupSeconds, timed);
            Output.json(System.out, r.toMap());
            return 0;
        }
        System.err.println(net + ", " + PretrainConfig.lengthRule(cfg.epochs(), cfg.steps(),
                images.size() / cfg.batchSize()));
        SwavPretrainer.Summary s;
        try (io.github.seer4j.blocks.Collective group = distributed.open()) {
            if (group.worldSize() > 1 || distributed.syncBn) {
                trainer.distributed(group, distributed.syncBn);
            }
            s = trainer.run(resume);
        }
        if (folder != null) {
            System.err.printf("%d files skipped in all (%d listed files did not decode and were replaced by the next"
                    + " good one); reasons in %s%n", folder.skipLog().count(), folder.unusable(), folder.skipLog().file());
            folder.skipLog().close();
        }
        System.out.println(summaryJson(s));
        return 0;
    }

    /** The summary line: one JSON object; a number that cannot be one is null with a {@code _note} saying why. */
    static String summaryJson(SwavPretrainer.Summary s) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean ran = !Double.isNaN(s.firstLoss());
        String none = "no iteration ran: the checkpoint was already at iteration " + s.iterations();
        m.put("iterations", s.iterations());
        number(m, "first_loss", round(s.firstLoss(), 4), none);
        number(m, "last_loss", round(s.lastLoss(), 4), none);
        number(m, "ln_k", round(s.lnK(), 4), "not a finite number");
        number(m, "prototypes_used", round(s.prototypesUsed(), 3), ran ? "no codes were counted" : none);
        number(m, "images_per_s", ran ? round(s.imagesPerSecond(), 1) : Double.NaN, none);
        number(m, "seconds", round(s.seconds(), 1), "not a finite number");
        m.put("threads", io.github.seer4j.blocks.EngineThreads.threads());
        m.put("physical_cores", io.github.seer4j.blocks.EngineThreads.physicalCores());
        m.put("convolutions", io.github.seer4j.blocks.Kernels.convolutions());
        m.put("checkpoint", s.checkpoint().toString());
        m.put("metrics", s.metrics().toString());
        m.put("loss_curve", s.lossCurve().toString());
        return new ObjectMapper().writeValueAsString(m);
    }

    private static void number(Map<String, Object> m, String key, double v, String whyNot) {
        if (Double.isFinite(v)) {
            m.put(key, v);
        } else {
            m.put(key, null);
            m.put(key + "_note", whyNot);
        }
    }

    private static double round(double v, int places) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return java.math.BigDecimal.valueOf(v).setScale(places, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    /** The run's settings from the options, before the warm-up and prototype freezing are scheduled. */
    PretrainConfig.Builder settings() {
        return PretrainConfig.defaults().toBuilder().epochs(epochs).steps(steps).batchSize(batch).crops(crops)
                .prototypes(prototypes).queueLength(queue).queueStartEpoch(queueStart)
                .queueStartIteration(queueStartIteration).epsilon(epsilon).sinkhornIterations(sinkhornIterations)
                .baseLr(lr).finalLr(finalLr).headDims(head).headBatchNorm(!noHeadBn).larcTrust(larcTrust)
                .larcClip(!noLarcClip).globalScale(globalScale).localScale(localScale)
                .checkpointEvery(checkpointEvery).seed(seed).workers(workers);
    }
}
