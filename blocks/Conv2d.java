package blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Square 2-D convolution without bias, optionally grouped, NCHW. The weight parameter has PyTorch's shape
 * [out, in / groups, k, k], so the parameter count is exact. A grouped convolution runs as one native convolution with
 * a block-diagonal full weight (the groups' kernels on the diagonal, zeros elsewhere), which measured faster than
 * per-group convolutions at RegNet sizes; its weight gradient is read back from the diagonal blocks. When a padded 3x3
 * convolution sees a 1x1 input only the centre tap touches data, so it runs as one matrix multiply.
 */
public final class Conv2d implements Layer {

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int groups;
    private final Parameter weight;
    private final StepProfile.Part forwardPart;
    private final StepProfile.Part backwardPart;

    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding, int groups,
                  Init init) {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": groups (" + groups + ") must divide both the input ("
                    + inChannels + ") and output (" + outChannels + ") channels");
        }
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(name + ": kernel and stride must be >= 1 and padding >= 0, got kernel "
                    + kernel + ", stride " + stride + ", padding " + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        this.forwardPart = groups > 1 ? StepProfile.Part.GROUPED_CONV_FORWARD
                : kernel == 1 ? StepProfile.Part.CONV_1X1_FORWARD : StepProfile.Part.CONV_3X3_FORWARD;
        this.backwardPart = groups > 1 ? StepProfile.Part.GROUPED_CONV_BACKWARD
                : kernel == 1 ? StepProfile.Part.CONV_1X1_BACKWARD : StepProfile.Part.CONV_3X3_BACKWARD;
        this.weight = new Parameter(name + ".weight", Parameter.Kind.CONV_WEIGHT,
                init.convWeight(outChannels, inChannels / groups, kernel));
    }

    public Parameter weight() {
        return weight;
    }

    public int groups() {
        return groups;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }

    @Override
    public Traced forward(INDArray x, Mode mode) {
        if (x.rank() != 4 || x.size(1) != inChannels) {
            throw new IllegalArgumentException(weight.name() + ": expected an NCHW input with " + inChannels
                    + " channels, got shape " + java.util.Arrays.toString(x.shape()));
        }
        if (x.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException(weight.name() + ": input data type " + x.dataType()
                    + " differs from the network's " + weight.value().dataType() + "; cast the input first");
        }
        long t0 = StepProfile.start();
        if (kernel == 3 && padding == 1 && x.size(2) == 1 && x.size(3) == 1) {
            Traced t = centreTap(x);
            StepProfile.stop(forwardPart, t0);
            return t;
        }
        INDArray w = groups == 1 ? weight.value() : blockDiagonal(weight.value(), kernel * kernel);
        INDArray out = NativeOps.conv2d(x, w, stride, padding);
        StepProfile.stop(forwardPart, t0);
        return new Traced(out, g -> {
            long t1 = StepProfile.start();
            INDArray gradFull = Nd4j.createUninitialized(w.dataType(), w.shape());
            INDArray gradIn = NativeOps.conv2dBackward(x, w, g, gradFull, stride, padding);
            if (groups == 1) {
                weight.gradient().addi(gradFull);
            } else {
                diagonalOf(weight.gradient(), kernel * kernel).addi(diagonalBlocks(gradFull, kernel * kernel));
            }
            StepProfile.stop(backwardPart, t1);
            return gradIn;
        });
    }

    /** 3x3, padding 1, on a 1x1 input: out[n, o] = sum_i W[o, i, 1, 1] x[n, i] (block-diagonal when grouped). */
    private Traced centreTap(INDArray x) {
        long n = x.size(0);
        INDArray x2 = x.reshape(n, inChannels);
        INDArray centre = weight.value().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1),
                NDArrayIndex.point(1)).dup('c');
        INDArray wc = groups == 1 ? centre : blockDiagonal(centre, 1);
        INDArray out = NativeOps.gemm(x2, wc, false, true).dup('c').reshape(n, outChannels, 1, 1);
        return new Traced(out, g -> {
            long t1 = StepProfile.start();
            INDArray g2 = g.reshape(n, outChannels);
            INDArray gradX = NativeOps.gemm(g2, wc, false, false).dup('c').reshape(n, inChannels, 1, 1);
            INDArray gradWc = NativeOps.gemm(g2, x2, true, false);
            INDArray gradCentre = groups == 1 ? gradWc : diagonalBlocks(gradWc.dup('c'), 1)
                    .reshape(outChannels, inChannels / groups);
            weight.gradient().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1),
                    NDArrayIndex.point(1)).addi(gradCentre);
            StepProfile.stop(backwardPart, t1);
            return gradX;
        });
    }

    /**
     * Expands a grouped weight [out, in/G, taps...] (c order, {@code taps} trailing elements per pair) to the full
     * block-diagonal weight [out, in, taps...].
     */
    private INDArray blockDiagonal(INDArray grouped, int taps) {
        long[] fullShape = taps == 1 ? new long[] {outChannels, inChannels}
                : new long[] {outChannels, inChannels, kernel, kernel};
        INDArray full = Nd4j.zeros(grouped.dataType(), fullShape);
        diagonalBlocks(full, taps).assign(grouped.reshape(groups, outChannels / groups,
                (long) (inChannels / groups) * taps));
        return full;
    }

    /** The groups' diagonal blocks of a full c-order weight [out, in, taps...], as a strided view [G, out/G, in/G * taps]. */
    private INDArray diagonalBlocks(INDArray full, int taps) {
        long gOut = outChannels / groups;
        long gIn = inChannels / groups;
        long rowStride = (long) inChannels * taps;
        long[] shape = {groups, gOut, gIn * taps};
        long[] strides = {gOut * rowStride + gIn * taps, rowStride, 1};
        return Nd4j.create(full.data(), shape, strides, full.offset(), 'c', full.dataType());
    }

    /** A grouped weight (or its gradient) [out, in/G, k, k] viewed as [G, out/G, in/G * k * k]. */
    private INDArray diagonalOf(INDArray grouped, int taps) {
        return grouped.reshape(groups, outChannels / groups, (long) (inChannels / groups) * taps);
    }
}
