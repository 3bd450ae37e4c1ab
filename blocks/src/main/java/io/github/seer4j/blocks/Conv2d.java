package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Square 2-D convolution without bias, optionally grouped, on NHWC tensors. The weight parameter has PyTorch's shape
 * [out, in / groups, k, k], so the parameter count is exact.
 *
 * <p>On the CPU (FLOAT) every geometry runs on oneDNN's JIT kernels ({@link OneDnnConvolution}) except where oneDNN
 * has only reference loops, a strided 1x1 convolution of an input height the stride does not divide, and with
 * {@code -Dseer4j.kernels=java}; those run the Java kernels: a 1x1 convolution with stride 1 is one matrix product per
 * group straight on the activation
 * ([N*H*W, C] rows, no copy); any other convolution gathers patches ({@link Im2col}: only the kernel taps that touch
 * real pixels, images in cache-sized chunks) and multiplies each group's slice of the patch matrix by that group's
 * weights, so a grouped convolution costs exactly its useful multiply-adds. The backward gathers the patches again
 * rather than keeping them. Elsewhere (CUDA, DOUBLE) it runs as ND4J's native NHWC convolution with a block-diagonal
 * full weight (the groups' kernels on the diagonal, zeros elsewhere), whose weight gradient is read back from the
 * diagonal blocks.
 */
public final class Conv2d implements Layer {

    /** Output maps of at most this many pixels run as products per (output pixel, tap) instead of patches. */
    private static final int DIRECT_PIXELS = 4;
    /** Patch-matrix values gathered at a time (2 MB of floats: stays in cache between gathering and multiplying). */
    private static final int CHUNK_VALUES = 1 << 19;
    /** Multiply-adds per thread below which a product runs on one thread (the split costs more than it saves). */
    private static final long MIN_PART_WORK = 1L << 22;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int groups;
    private final Parameter weight;
    private final StepProfile.Part forwardPart;
    private final StepProfile.Part backwardPart;
    /** Whether this convolution reads the network's input images (its input gradient is skipped in training). */
    private boolean readsImages;
    /**
     * A stride-1 1x1 convolution on maps of at most this many pixels runs as products on the plain weights
     * ({@link #forwardPointwise}, oneDNN's {@code sgemm}) even where oneDNN's convolutions run the rest, on one
     * thread always and on more when it is small ({@link #POINTWISE_PRODUCT_MACS}): on such maps the convolution's
     * three weight reorders and calls a step cost more than they save (one thread: the SwAV 2x28 step 2,526 -> 2,831
     * img/s, RegNetY-200MF at 32 px 1,078 -> 1,260; 64 pixels was slower than either).
     */
    static final int POINTWISE_PRODUCT_PIXELS = 16;

    /**
     * With more than one thread, the multiply-adds up to which such a convolution still runs as products (on one
     * thread, below the products' split): larger ones run faster on oneDNN's threads (two threads: RegNetY-200MF at
     * 32 px, 3.2-8.7 M, 1,342 -> 1,061 img/s as products; the SwAV 2x28 step's, up to 2.1 M, 2,840 -> 3,283).
     */
    static final long POINTWISE_PRODUCT_MACS = 1L << 21;

    /** oneDNN plans by input geometry (batch, height, width), thread count and precision. */
    private final java.util.concurrent.ConcurrentHashMap<java.util.List<Long>, OneDnnConvolution> plans =
            new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * Marks this convolution as the one that reads the network's input images: inside {@link ImageGradient#skipped}
     * its backward adds the weight gradient only and returns null instead of the images' gradient.
     */
    public Conv2d readingImages() {
        readsImages = true;
        return this;
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
        if (x.rank() != 4 || x.size(3) != inChannels) {
            throw new IllegalArgumentException(weight.name() + ": expected an NHWC input with " + inChannels
                    + " channels, got shape " + java.util.Arrays.toString(x.shape()));
        }
        if (x.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException(weight.name() + ": input data type " + x.dataType()
                    + " differs from the network's " + weight.value().dataType() + "; cast the input first");
        }
        return StepProfile.timed(forwardPart, backwardPart, () -> {
            if (!HostArrays.usable(x)) {
                return forwardNative(x);
            }
            INDArray xd = HostArrays.dense(x);
            boolean products = kernel == 1 && stride == 1 && padding == 0 && !OneDnn.bf16Convolutions()
                    && x.size(1) * x.size(2) <= POINTWISE_PRODUCT_PIXELS && (EngineThreads.here() == 1
                    || x.length() / inChannels * outChannels * (inChannels / groups) <= POINTWISE_PRODUCT_MACS);
            return OneDnn.enabled() && !products && OneDnnConvolution.supports((int) x.size(1), kernel, stride,
                    padding) ? forwardOneDnn(xd) : forwardJava(xd);
        });
    }

    /** The Java kernels for a dense host tensor. */
    private Traced forwardJava(INDArray xd) {
        if (kernel == 1 && stride == 1 && padding == 0) {
            return forwardPointwise(xd);
        }
        Im2col geo = new Im2col((int) xd.size(1), (int) xd.size(2), inChannels, kernel, stride, padding, groups);
        return geo.outPixels() <= DIRECT_PIXELS ? forwardPairs(xd, geo) : forwardPatches(xd, geo);
    }

    /**
     * Any shape on oneDNN's JIT kernels ({@link OneDnnConvolution}), planned once per input geometry; a geometry for
     * which oneDNN has only reference loops runs the Java kernels.
     */
    private Traced forwardOneDnn(INDArray x) {
        int n = (int) x.size(0);
        int h = (int) x.size(1);
        int w = (int) x.size(2);
        long macs = (long) n * NativeOps.convOut(h, kernel, stride, padding) * NativeOps.convOut(w, kernel, stride,
                padding) * outChannels * (inChannels / groups) * kernel * kernel;
        int threads = OneDnn.threadsForMacs(macs);
        boolean bf16 = OneDnn.bf16Convolutions();
        OneDnnConvolution plan = plans.computeIfAbsent(java.util.List.of((long) n, (long) h, (long) w,
                (long) threads, bf16 ? 1L : 0L), key -> OneDnn.planned(threads, () -> new OneDnnConvolution(n, h, w,
                        inChannels, outChannels, kernel, stride, padding, groups, bf16)));
        if (!plan.jit) {
            return forwardJava(x);
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, NativeOps.convOut(h, kernel, stride, padding),
                NativeOps.convOut(w, kernel, stride, padding), outChannels);
        plan.forward(x, weight.value(), out);
        return new Traced(out, new Backprop() {
            @Override
            public INDArray apply(INDArray gradOut) {
                if (readsImages && !ImageGradient.wanted()) {
                    plan.backward(x, weight.value(), HostArrays.dense(gradOut), null, weight.gradient());
                    return null;
                }
                INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
                plan.backward(x, weight.value(), HostArrays.dense(gradOut), dx, weight.gradient());
                return dx;
            }

            @Override
            public INDArray applyAdding(INDArray gradOut, INDArray sum) {
                if (!plan.addsInPlace() || !HostArrays.usable(sum) || !HostArrays.isDense(sum)
                        || !java.util.Arrays.equals(sum.shape(), x.shape())) {
                    return Backprop.super.applyAdding(gradOut, sum);
                }
                plan.backward(x, weight.value(), HostArrays.dense(gradOut), sum, true, weight.gradient());
                return sum;
            }
        });
    }

    /**
     * 1x1, stride 1: per group, out[:, group] = x[:, group] W_g^T on the [N*H*W, C] rows, the rows split into
     * {@link EngineThreads} parts. In the backward each part computes its rows' dx and its rows' share of the weight
     * gradient; the shares are added in part order.
     */
    private Traced forwardPointwise(INDArray x) {
        int rows = Math.toIntExact(x.length() / inChannels);
        int gIn = inChannels / groups;
        int gOut = outChannels / groups;
        INDArray w = weight.value();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), x.size(1), x.size(2), outChannels);
        int parts = EngineThreads.parts((long) rows * outChannels * gIn, MIN_PART_WORK);
        EngineThreads.run(parts, p -> {
            int r0 = EngineThreads.split(rows, parts, p);
            int r1 = EngineThreads.split(rows, parts, p + 1);
            for (int g = 0; g < groups; g++) {
                Blas.gemm(false, true, r1 - r0, gOut, gIn, x, (long) r0 * inChannels + g * gIn, inChannels, w,
                        (long) g * gOut * gIn, gIn, 0f, out, (long) r0 * outChannels + g * gOut, outChannels);
            }
        });
        return new Traced(out, gradOut -> {
            INDArray gd = HostArrays.dense(gradOut);
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            INDArray grad = weight.gradient();
            int size = outChannels * gIn;
            INDArray shares = parts == 1 ? null : Nd4j.createUninitialized(DataType.FLOAT, (long) (parts - 1) * size);
            EngineThreads.run(parts, p -> {
                int r0 = EngineThreads.split(rows, parts, p);
                int r1 = EngineThreads.split(rows, parts, p + 1);
                for (int g = 0; g < groups; g++) {
                    Blas.gemm(true, false, gOut, gIn, r1 - r0, gd, (long) r0 * outChannels + g * gOut, outChannels,
                            x, (long) r0 * inChannels + g * gIn, inChannels, p == 0 ? 1f : 0f,
                            p == 0 ? grad : shares, (long) (p == 0 ? 0 : p - 1) * size + (long) g * gOut * gIn, gIn);
                    Blas.gemm(false, false, r1 - r0, gIn, gOut, gd, (long) r0 * outChannels + g * gOut, outChannels,
                            w, (long) g * gOut * gIn, gIn, 0f, dx, (long) r0 * inChannels + g * gIn, inChannels);
                }
            });
            for (int p = 1; p < parts; p++) { // the gradient holds part 0's share: add the others in order
                Blas.addInto(size, shares, (long) (p - 1) * size, grad, 0);
            }
            return dx;
        });
    }

    /** Adds shares 1 .. parts-1 of {@code size} values each, in part order, into share 0 (natively). */
    private static void sumShares(INDArray shares, int parts, int size) {
        for (int p = 1; p < parts; p++) {
            Blas.addInto(size, shares, (long) p * size, shares, 0);
        }
    }

    /**
     * Tiny output maps (at most {@link #DIRECT_PIXELS} pixels, as the last stages see at 16-32 px): for every
     * (output pixel, tap, input pixel) triple and group, one product straight on strided slices of the input and
     * output over all images, with no patches gathered or copied. On a 2x2 map a padded 3x3 kernel reads only 4 of
     * its 9 taps per output pixel, so this also skips the zeros the patch matrix would hold.
     */
    private Traced forwardPairs(INDArray x, Im2col geo) {
        int n = (int) x.size(0);
        int gIn = inChannels / groups;
        int gOut = outChannels / groups;
        int gLength = geo.taps() * gIn;
        int inRow = geo.height * geo.width * inChannels;
        int outRow = geo.outPixels() * outChannels;
        int[] pairs = geo.pairs();
        INDArray wr = HostArrays.create(geo.rearrange(HostArrays.read(weight.value()), outChannels), outChannels,
                gLength);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, geo.outHeight, geo.outWidth, outChannels);
        boolean[] written = new boolean[geo.outPixels()];
        for (int k = 0; k < pairs.length; k += 3) {
            int p = pairs[k];
            int t = pairs[k + 1];
            int q = pairs[k + 2];
            for (int g = 0; g < groups; g++) {
                Blas.gemm(false, true, n, gOut, gIn, x, (long) q * inChannels + g * gIn, inRow, wr,
                        (long) g * gOut * gLength + t * gIn, gLength, written[p] ? 1f : 0f, out,
                        (long) p * outChannels + g * gOut, outRow);
            }
            written[p] = true;
        }
        return new Traced(out, gradOut -> {
            INDArray gd = HostArrays.dense(gradOut);
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            INDArray dwr = Nd4j.createUninitialized(DataType.FLOAT, outChannels, gLength);
            boolean[] touched = new boolean[geo.height * geo.width];
            boolean[] tapDone = new boolean[geo.taps()];
            for (int k = 0; k < pairs.length; k += 3) {
                int p = pairs[k];
                int t = pairs[k + 1];
                int q = pairs[k + 2];
                for (int g = 0; g < groups; g++) {
                    Blas.gemm(true, false, gOut, gIn, n, gd, (long) p * outChannels + g * gOut, outRow, x,
                            (long) q * inChannels + g * gIn, inRow, tapDone[t] ? 1f : 0f, dwr,
                            (long) g * gOut * gLength + t * gIn, gLength);
                    Blas.gemm(false, false, n, gIn, gOut, gd, (long) p * outChannels + g * gOut, outRow, wr,
                            (long) g * gOut * gLength + t * gIn, gLength, touched[q] ? 1f : 0f, dx,
                            (long) q * inChannels + g * gIn, inRow);
                }
                tapDone[t] = true;
                touched[q] = true;
            }
            for (int q = 0; q < touched.length; q++) {
                if (!touched[q]) { // a pixel no tap reads (1x1 kernel, stride 2) gets no gradient
                    dx.get(NDArrayIndex.all(), NDArrayIndex.point(q / geo.width), NDArrayIndex.point(q % geo.width),
                            NDArrayIndex.all()).assign(0);
                }
            }
            HostArrays.addInto(geo.restore(HostArrays.read(dwr), outChannels), weight.gradient());
            return dx;
        });
    }

    /**
     * Any other shape: patches of a few images at a time, one product per group on its slice of the patches. The
     * chunks of images are split into {@link EngineThreads} parts (contiguous runs of chunks, fixed by the shapes);
     * in the backward each part accumulates its own share of the weight gradient, and the shares are added in part
     * order.
     */
    private Traced forwardPatches(INDArray x, Im2col geo) {
        int n = (int) x.size(0);
        int gOut = outChannels / groups;
        int gLength = geo.taps() * (inChannels / groups);
        int rowLength = geo.rowLength();
        int pixels = geo.outPixels();
        long work = (long) n * pixels * outChannels * gLength;
        int threads = EngineThreads.parts(work, MIN_PART_WORK);
        int chunk = Math.min(Math.max(1, CHUNK_VALUES / (pixels * rowLength)), (n + threads - 1) / threads);
        int chunks = (n + chunk - 1) / chunk;
        int parts = Math.min(threads, chunks);
        INDArray wr = HostArrays.create(geo.rearrange(HostArrays.read(weight.value()), outChannels), outChannels,
                gLength);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, geo.outHeight, geo.outWidth, outChannels);
        EngineThreads.run(parts, p -> {
            for (int c = EngineThreads.split(chunks, parts, p); c < EngineThreads.split(chunks, parts, p + 1); c++) {
                int n0 = c * chunk;
                int images = Math.min(chunk, n - n0);
                INDArray cols = gather(geo, x, n0, images);
                long outStart = (long) n0 * pixels * outChannels;
                for (int g = 0; g < groups; g++) {
                    Blas.gemm(false, true, images * pixels, gOut, gLength, cols, (long) g * gLength, rowLength, wr,
                            (long) g * gOut * gLength, gLength, 0f, out, outStart + (long) g * gOut, outChannels);
                }
            }
        });
        return new Traced(out, gradOut -> {
            INDArray gd = HostArrays.dense(gradOut);
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            int size = outChannels * gLength;
            INDArray dwr = Nd4j.createUninitialized(DataType.FLOAT, (long) parts * size);
            int inValues = geo.inValues();
            EngineThreads.run(parts, p -> {
                int first = EngineThreads.split(chunks, parts, p);
                for (int c = first; c < EngineThreads.split(chunks, parts, p + 1); c++) {
                    int n0 = c * chunk;
                    int images = Math.min(chunk, n - n0);
                    int rows = images * pixels;
                    INDArray cols = gather(geo, x, n0, images);
                    INDArray dCols = HostArrays.offHeapScratch(1, (long) rows * rowLength);
                    long outStart = (long) n0 * pixels * outChannels;
                    for (int g = 0; g < groups; g++) {
                        Blas.gemm(true, false, gOut, gLength, rows, gd, outStart + (long) g * gOut, outChannels, cols,
                                (long) g * gLength, rowLength, c == first ? 0f : 1f, dwr,
                                (long) p * size + (long) g * gOut * gLength, gLength);
                        Blas.gemm(false, false, rows, gLength, gOut, gd, outStart + (long) g * gOut, outChannels, wr,
                                (long) g * gOut * gLength, gLength, 0f, dCols, (long) g * gLength, rowLength);
                    }
                    float[] dc = HostArrays.read(dCols, 0, rows * rowLength, HostArrays.scratch(1, rows * rowLength),
                            0);
                    float[] dxs = HostArrays.scratch(0, images * inValues);
                    java.util.Arrays.fill(dxs, 0, images * inValues, 0f);
                    geo.scatterAdd(dc, images, dxs);
                    HostArrays.write(dxs, 0, dx, (long) n0 * inValues, images * inValues);
                }
            });
            sumShares(dwr, parts, size);
            HostArrays.addInto(geo.restore(HostArrays.read(dwr, 0, size, HostArrays.scratch(0, size), 0), outChannels),
                    weight.gradient());
            return dx;
        });
    }

    /** The patch matrix of images [n0, n0 + images) in this thread's off-heap staging buffer 0. */
    private static INDArray gather(Im2col geo, INDArray x, int n0, int images) {
        int inValues = geo.inValues();
        float[] xs = HostArrays.read(x, (long) n0 * inValues, images * inValues,
                HostArrays.scratch(0, images * inValues), 0);
        int length = images * geo.outPixels() * geo.rowLength();
        float[] cols = HostArrays.scratch(1, length);
        geo.gather(xs, images, cols);
        INDArray staged = HostArrays.offHeapScratch(0, length);
        HostArrays.write(cols, 0, staged, 0, length);
        return staged;
    }

    /** The backend-neutral path: ND4J's NHWC convolution with the block-diagonal full weight when grouped. */
    private Traced forwardNative(INDArray x) {
        INDArray w = groups == 1 ? weight.value() : blockDiagonal(weight.value());
        INDArray out = NativeOps.conv2d(x, w, stride, padding);
        return new Traced(out, g -> {
            INDArray gradFull = Nd4j.createUninitialized(w.dataType(), w.shape());
            INDArray gradIn = NativeOps.conv2dBackward(x, w, g, gradFull, stride, padding);
            if (groups == 1) {
                weight.gradient().addi(gradFull);
            } else {
                diagonalOf(weight.gradient()).addi(diagonalBlocks(gradFull));
            }
            return gradIn;
        });
    }

    /** Expands a grouped weight [out, in/G, k, k] (c order) to the full block-diagonal weight [out, in, k, k]. */
    private INDArray blockDiagonal(INDArray grouped) {
        INDArray full = Nd4j.zeros(grouped.dataType(), outChannels, inChannels, kernel, kernel);
        diagonalBlocks(full).assign(diagonalOf(grouped));
        return full;
    }

    /** The groups' diagonal blocks of a full c-order weight [out, in, k, k], as a strided view [G, out/G, in/G*k*k]. */
    private INDArray diagonalBlocks(INDArray full) {
        long taps = (long) kernel * kernel;
        long gOut = outChannels / groups;
        long gIn = inChannels / groups;
        long rowStride = inChannels * taps;
        long[] shape = {groups, gOut, gIn * taps};
        long[] strides = {gOut * rowStride + gIn * taps, rowStride, 1};
        return Nd4j.create(full.data(), shape, strides, full.offset(), 'c', full.dataType());
    }

    /** A grouped weight (or its gradient) [out, in/G, k, k] viewed as [G, out/G, in/G * k * k]. */
    private INDArray diagonalOf(INDArray grouped) {
        return grouped.reshape(groups, outChannels / groups, (long) (inChannels / groups) * kernel * kernel);
    }
}
