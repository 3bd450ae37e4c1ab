package io.github.seer4j.cli;

import io.github.seer4j.designspace.NetworkSpec;
import java.nio.file.Path;
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
        description = "Evaluate frozen features: linear classifier or k-NN on Fashion-MNIST, top-1 on the test split.")
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

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Labelled data; fashion-mnist (default).")
    String data;

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

    @Option(names = "--resolution", description = "Resample the images bilinearly to this size before the trunk (FixRes: e.g. 36 for a trunk pretrained on 28 px crops); 0 (default) keeps their own size.")
    int resolution;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--cache", description = "Feature cache folder (default: <checkpoint dir>/features, or runs/features for random).")
    Path cache;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!data.equalsIgnoreCase("fashion-mnist")) {
            throw Seer4j.bad("probe needs labelled data; only --data fashion-mnist is supported, got '" + data + "'");
        }
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
        ProbeReport r = ProbeRunner.run(new ProbeRequest(checkpoint, null, method, labelsFraction, epochs, lr,
                new ProbeFeatures(allStages, grid, resolution),
                seed, cacheDir), randomSpec);
        if (json) {
            Output.json(System.out, r);
        } else {
            System.out.printf(Locale.ROOT, "%s %s probe of %s: top-1 %.2f%% on %d test images (%d labelled images, %d-d features: %s)%n",
                    r.model(), r.method(), r.checkpoint(), 100 * r.top1(), r.testImages(), r.labelledImages(),
                    r.featureDimension(), r.features());
        }
        return 0;
    }
}
