package io.github.seer4j.cli;

import io.github.seer4j.designspace.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.seer4j.data.SkipLog;
import io.github.seer4j.eval.ProbeData;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.github.seer4j.eval.ProbeFeatures;
import io.github.seer4j.eval.ProbeReport;
import io.github.seer4j.eval.ProbeRequest;
import io.github.seer4j.eval.ProbeRunner;

/** {@code probe --checkpoint runs/NAME|random --data fashion-mnist [--labels-fraction f] [--method m] --json}. */
@Command(name = "probe", mixinStandardHelpOptions = true, defaultValueProvider = LibraryDefaults.class,
        description = "Evaluate a trunk: linear classifier, k-NN, fine-tuning or training from scratch on Fashion-MNIST or"
                + " a folder of labelled photos (class sub-folders), top-1 on the test/val split.")
final class ProbeCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", description = "A run directory (probe reads the trunk from its checkpoint.bin), a trunk file, 'random'"
            + " (with --model, --flops or --spec), or torchvision weights (a .safetensors state_dict, with the model's"
            + " architecture from --model, --flops or --spec).")
    String checkpoint;

    @Option(names = "--init-from", description = "Torchvision weights (a .safetensors state_dict) to probe or fine-tune:"
            + " the same as --checkpoint FILE.safetensors.")
    Path initFrom;

    @Mixin
    ModelChoice model = new ModelChoice();

    @picocli.CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Labelled data: fashion-mnist (default),"
            + " or a folder with one sub-folder of images per class (torchvision's ImageFolder layout), holding train/"
            + " and val/ folders or split by --val-fraction.")
    String data;

    @Option(names = "--val-fraction", defaultValue = "0.2", description = "For a folder without train/ and val/: the"
            + " seeded share of each class held out for testing (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--baseline", description = "Also probe a randomly initialised network of the same model, the"
            + " same way, and print both.")
    boolean baseline;

    @Option(names = "--labels-fraction", defaultValue = "1.0", description = "Seeded class-balanced fraction of the training labels (e.g. 0.01, 0.1, 1.0).")
    double labelsFraction;

    @Option(names = "--method", defaultValue = "linear", description = "linear (default), knn, finetune (whole network from the checkpoint), supervised (from scratch).")
    String method;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs for methods that train the network.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate of finetune/supervised (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--all-stages", description = "Pool every stage's output (concatenated), not only the last.")
    boolean allStages;

    @Option(names = "--grid", description = "Average-pool each probed stage to at most GRID x GRID cells and flatten (VISSL's spatially pooled linear benchmark features); 1 (default) is the global pool.")
    int grid;

    @Option(names = "--resolution", description = "Resample the images bilinearly to this size before the trunk (FixRes: e.g. 36 for a trunk pretrained on 28 px crops); 0 (default) keeps their own size. For a folder: the evaluation size (short side to 8/7 of it, centre crop; 0 = 224).")
    int resolution;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--cache", description = "Feature cache folder (default: <checkpoint dir>/features, or runs/features for random).")
    Path cache;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        if ((checkpoint == null) == (initFrom == null)) {
            throw Seer4j.bad("give --checkpoint (a run, a trunk file or 'random') or --init-from (torchvision weights),"
                    + " one of them");
        }
        if (initFrom != null) {
            if (!ProbeRunner.isTorchvisionWeights(initFrom.toString())) {
                throw Seer4j.bad("--init-from takes torchvision weights in a .safetensors file, got " + initFrom);
            }
            checkpoint = initFrom.toString();
        }
        Path cacheDir = cache != null ? cache : ProbeRunner.cacheFor(checkpoint);
        boolean needsModel = checkpoint.equalsIgnoreCase("random") || ProbeRunner.isTorchvisionWeights(checkpoint);
        NetworkSpec randomSpec = needsModel ? model.resolve(null) : null;
        ProbeData labelled;
        int res = resolution;
        if (data.equalsIgnoreCase("fashion-mnist")) {
            labelled = null; // loaded by the runner after the network, so a bad checkpoint fails first
        } else {
            res = resolution == 0 ? 224 : resolution;
            Path tsv = Files.createTempFile("seer4j-probe-skipped", ".tsv");
            try (SkipLog log = SkipLog.to(tsv)) {
                labelled = ProbeData.folder(Path.of(data), valFraction, seed, res, log);
                System.err.printf(Locale.ROOT, "%s: %d classes, %d training and %d test images at %d px; %d files"
                        + " skipped%s%n", data, labelled.classes(), labelled.train().size(), labelled.test().size(),
                        res, log.count(), log.count() == 0 ? "" : " (reasons in " + tsv + ")");
                if (log.count() == 0) {
                    Files.delete(tsv);
                }
            }
        }
        ProbeFeatures features = new ProbeFeatures(allStages, grid, res);
        ProbeReport r = ProbeRunner.run(new ProbeRequest(checkpoint, null, method, labelsFraction, epochs, lr,
                features, seed, cacheDir), randomSpec, seed, labelled);
        ProbeReport base = null;
        if (baseline && !checkpoint.equalsIgnoreCase("random")) {
            NetworkSpec spec = randomSpec != null ? randomSpec
                    : ProbeRunner.loadTrunk(checkpoint).spec();
            base = ProbeRunner.run(new ProbeRequest("random", null, method.equals("finetune") ? "supervised" : method,
                    labelsFraction, epochs, lr, features, seed, ProbeRunner.cacheFor("random")), spec, seed, labelled);
        }
        if (json) {
            if (base != null) {
                java.util.Map<String, Object> both = new java.util.LinkedHashMap<>();
                both.put("probe", r);
                both.put("random_init", base);
                Output.json(System.out, both);
            } else {
                Output.json(System.out, r);
            }
        } else {
            if (base != null) {
                System.out.printf(Locale.ROOT, "random-init baseline (%s): top-1 %.2f%%%n", base.method(),
                        100 * base.top1());
            }
            System.out.printf(Locale.ROOT, "%s %s probe of %s: top-1 %.2f%% on %d test images (%d labelled images, %d-d features: %s)%n",
                    r.model(), r.method(), r.checkpoint(), 100 * r.top1(), r.testImages(), r.labelledImages(),
                    r.featureDimension(), r.features());
        }
        return 0;
    }
}
