package io.github.seer4j.cli;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.eval.ProbeRunner;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.regnet.interop.OnnxExport;
import io.github.seer4j.regnet.interop.SameDiffExport;
import io.github.seer4j.regnet.interop.Safetensors;
import io.github.seer4j.regnet.interop.TorchvisionWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export (--checkpoint RUN|FILE | --init-from W.safetensors --model NAME|--flops B) --format
 * torchvision|onnx|samediff --out FILE [--force]}: converts trained weights without training.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Convert a network's weights to torchvision (safetensors state dict), ONNX or SameDiff, without"
                + " training: from a pretrain run or trunk file, or from torchvision weights (--init-from).")
final class ExportCommand implements Callable<Integer> {

    /** Where the network comes from: one of the two. */
    static final class Source {
        @Option(names = "--checkpoint", description = "A run directory (its trunk.bin), a trunk file, or a run's"
                + " checkpoint.bin (the trunk it holds).")
        String checkpoint;

        @Option(names = "--init-from", description = "A torchvision RegNet state dict as safetensors; needs --model,"
                + " --flops or --spec for the architecture.")
        Path initFrom;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** With --init-from: the architecture of the weights. */
    @Mixin
    ModelChoice model = new ModelChoice();

    @Option(names = "--channels", description = "With --init-from: input channels (default: the weights' stem).")
    Integer channels;

    @Option(names = "--classes", description = "With --init-from: classifier outputs, 0 for a trunk (default: the"
            + " weights' fc, 0 without one).")
    Integer classes;

    @Option(names = "--format", required = true, description = "torchvision, onnx or samediff.")
    String format;

    @Option(names = "--out", required = true, description = "The file to write (all or nothing).")
    Path out;

    @Option(names = "--rgb-stem", description = "torchvision only: write a 1-channel stem as 3 channels (kernel / 3),"
            + " so torchvision's stock RegNet loads it.")
    boolean rgbStem;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("torchvision") && !fmt.equals("onnx") && !fmt.equals("samediff")) {
            throw Seer4j.bad("--format must be torchvision, onnx or samediff, got '" + format + "'");
        }
        if (!force && Files.exists(out)) {
            throw Seer4j.bad(out + " exists; pass --force to replace it");
        }
        if (rgbStem && !fmt.equals("torchvision")) {
            throw Seer4j.bad("--rgb-stem applies to --format torchvision only");
        }
        RegNetNetwork net = source.checkpoint != null ? fromCheckpoint() : fromTorchvision();
        switch (fmt) {
            case "torchvision" -> TorchvisionWeights.save(net, out, rgbStem, force);
            case "onnx" -> OnnxExport.write(net, out, force);
            default -> SameDiffExport.write(net, out, force);
        }
        System.out.printf(Locale.ROOT, "wrote %s (%s, %s: %d input channels, %s, %d bytes)%n", out, fmt,
                net.spec().name(), net.inputChannels(), net.spec().head().present()
                        ? net.spec().head().numClasses() + " classes" : "no head", Files.size(out));
        return 0;
    }

    private RegNetNetwork fromCheckpoint() throws IOException {
        if (model.given() || channels != null || classes != null) {
            throw Seer4j.bad("--model, --flops, --spec, --channels and --classes go with --init-from; a checkpoint holds"
                    + " its own architecture");
        }
        return ProbeRunner.loadTrunk(source.checkpoint);
    }

    private RegNetNetwork fromTorchvision() throws IOException {
        NetworkSpec spec = model.resolve(null);
        if (spec == null) {
            throw Seer4j.bad("--init-from needs the architecture: give --model NAME, --flops B or --spec FILE");
        }
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(source.initFrom).tensors();
        Safetensors.Tensor stem = tensors.get("stem.0.weight");
        Safetensors.Tensor fc = tensors.get("fc.weight");
        int in = channels != null ? channels : stem != null && stem.shape().length == 4 ? (int) stem.shape()[1] : 3;
        int out = classes != null ? classes : fc != null && fc.shape().length == 2 ? (int) fc.shape()[0] : 0;
        RegNetNetwork net = RegNetNetwork.build(spec, RegNetOptions.defaults().withInputChannels(in).withClasses(out));
        TorchvisionWeights.load(source.initFrom, net);
        return net;
    }
}
