package io.github.seer4j.regnet.interop;

import io.github.seer4j.regnet.RegNetNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network as an inference SameDiff graph (FLOAT, NCHW like {@link RegNetNetwork#forward}'s input), built from its
 * {@link InferenceForm}: convolutions with batch norm folded in (OIYX weights), ReLU, SE (mean over H, W -> 1x1 convs ->
 * sigmoid -> multiply), residual sums, the global mean and the classifier. SameDiff's {@code conv2d} has no groups, so
 * a grouped convolution gets the block-diagonal full weight (the groups' kernels on the diagonal, zeros elsewhere):
 * the same outputs, G times the multiply-adds. Placeholder {@code images} [-1, C, -1, -1] (any batch and size),
 * output variable {@code output}. The weights are SameDiff variables named after seer4j's convolutions.
 *
 * <pre>{@code
 * SameDiff sd = SameDiffExport.of(net);
 * INDArray y = SameDiffExport.output(sd, images);      // = net.output(images) up to float rounding
 * SameDiffExport.write(net, Path.of("net.sd"), false);  // SameDiff's own format; SameDiffExport.read(...) to load
 * }</pre>
 */
public final class SameDiffExport {

    /** The placeholder's name. */
    public static final String INPUT = "images";
    /** The output variable's name. */
    public static final String OUTPUT = "output";

    private SameDiffExport() {
    }

    /** The inference graph of {@code net} with its current weights. */
    public static SameDiff of(RegNetNetwork net) {
        InferenceForm f = InferenceForm.of(net);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, f.inputChannels(), -1, -1);
        x = conv(sd, f.stem(), x, true);
        for (InferenceForm.Block b : f.blocks()) {
            SDVariable y = conv(sd, b.a(), x, true);
            y = conv(sd, b.b(), y, true);
            if (b.se() != null) {
                SDVariable s = y.mean(true, 2, 3);
                s = conv(sd, b.se().reduce(), s, true);
                s = sd.nn().sigmoid(b.name() + ".f.se.gate", conv(sd, b.se().expand(), s, false));
                y = y.mul(s);
            }
            y = conv(sd, b.c(), y, false);
            SDVariable shortcut = b.proj() == null ? x : conv(sd, b.proj(), x, false);
            x = sd.nn().relu(b.name() + ".out", y.add(shortcut), 0);
        }
        SDVariable pooled = x.mean(2, 3);
        if (f.hasHead()) {
            SDVariable w = sd.var("head.fc.weight", f.fcWeight().transpose().dup('c'));
            SDVariable b = sd.var("head.fc.bias", f.fcBias());
            sd.nn().linear(OUTPUT, pooled, w, b);
        } else {
            sd.identity(OUTPUT, pooled);
        }
        return sd;
    }

    /** Runs {@code sd} (made by {@link #of}) on images [N, C, H, W]; returns the output, FLOAT. */
    public static INDArray output(SameDiff sd, INDArray images) {
        return sd.output(Map.of(INPUT, images.castTo(DataType.FLOAT)), OUTPUT).get(OUTPUT);
    }

    /** Saves the graph of {@code net} in SameDiff's format, atomically; refuses an existing file unless {@code force}. */
    public static void write(RegNetNetwork net, Path file, boolean force) throws IOException {
        AtomicWrite.refuseExisting(file, force);
        SameDiff sd = of(net);
        AtomicWrite.write(file, force, out -> sd.save(out, false));
    }

    /** Loads a graph written by {@link #write}; a missing or unreadable file fails naming it. */
    public static SameDiff read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no SameDiff file there");
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return SameDiff.load(in, false);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a SameDiff graph (" + e.getMessage() + ")", e);
        }
    }

    private static SDVariable conv(SameDiff sd, InferenceForm.Conv c, SDVariable x, boolean relu) {
        int k = c.kernel();
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(c.stride()).sW(c.stride()).pH(c.padding())
                .pW(c.padding()).dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW")
                .weightsFormat(WeightsFormat.OIYX).build();
        SDVariable w = sd.var(c.name() + ".weight", c.groups() == 1 ? c.weight() : blockDiagonal(c.weight(), c.groups()));
        SDVariable b = sd.var(c.name() + ".bias", c.bias());
        SDVariable y = sd.cnn().conv2d(c.name(), x, w, b, cfg);
        return relu ? sd.nn().relu(c.name() + ".relu", y, 0) : y;
    }

    /** A grouped weight [out, in/G, k, k] as the full weight [out, in, k, k] with zeros off the groups' blocks. */
    static INDArray blockDiagonal(INDArray grouped, int groups) {
        long out = grouped.size(0);
        long gIn = grouped.size(1);
        long gOut = out / groups;
        long k = grouped.size(2);
        INDArray full = Nd4j.zeros(grouped.dataType(), out, gIn * groups, k, k);
        for (int g = 0; g < groups; g++) {
            full.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(g * gOut, (g + 1) * gOut),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(g * gIn, (g + 1) * gIn),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .assign(grouped.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(g * gOut, (g + 1) * gOut),
                            org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()));
        }
        return full;
    }
}
