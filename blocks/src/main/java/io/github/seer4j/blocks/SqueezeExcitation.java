package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Squeeze-Excitation on NHWC tensors: global average pool, 1x1 conv with bias to {@code seWidth}, ReLU, 1x1 conv with
 * bias back to the channel count, sigmoid, channel-wise scale of the input. The 1x1 convolutions act on pooled [N, C]
 * vectors, so they run as matrix multiplies; their weights keep the conv shape [out, in, 1, 1] and the conv
 * initialisation.
 */
public final class SqueezeExcitation implements Layer {

    /** Values per thread below which the loops run on one thread. */
    private static final int MIN_PART_VALUES = 1 << 17;

    private final int channels;
    private final int seWidth;
    private final Parameter reduceWeight;
    private final Parameter reduceBias;
    private final Parameter expandWeight;
    private final Parameter expandBias;
    /** oneDNN plans by input geometry (batch, height, width) and thread count. */
    private final java.util.concurrent.ConcurrentHashMap<List<Long>, OneDnnSqueeze> plans =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SqueezeExcitation(String name, int channels, int seWidth, Init init) {
        if (channels < 1 || seWidth < 1) {
            throw new IllegalArgumentException(name + ": channels and SE width must be >= 1, got " + channels + ", "
                    + seWidth);
        }
        this.channels = channels;
        this.seWidth = seWidth;
        reduceWeight = new Parameter(name + ".f_ex.0.weight", Parameter.Kind.CONV_WEIGHT,
                init.convWeight(seWidth, channels, 1));
        reduceBias = new Parameter(name + ".f_ex.0.bias", Parameter.Kind.BIAS, init.constant(0, seWidth));
        expandWeight = new Parameter(name + ".f_ex.2.weight", Parameter.Kind.CONV_WEIGHT,
                init.convWeight(channels, seWidth, 1));
        expandBias = new Parameter(name + ".f_ex.2.bias", Parameter.Kind.BIAS, init.constant(0, channels));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(reduceWeight, reduceBias, expandWeight, expandBias);
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }

    @Override
    public Traced forward(INDArray x, Mode mode) {
        if (x.rank() != 4 || x.size(3) != channels) {
            throw new IllegalArgumentException("squeeze-excitation: expected an NHWC input with " + channels
                    + " channels, got shape " + java.util.Arrays.toString(x.shape()));
        }
        return StepProfile.timed(StepProfile.Part.SE_FORWARD, StepProfile.Part.SE_BACKWARD,
                () -> !HostArrays.usable(x) ? forwardNative(x)
                        : OneDnn.enabled() && x.size(1) * x.size(2) > 1 ? forwardOneDnn(x) : forwardHost(x));
    }

    /**
     * The CPU path with oneDNN: pooling, the channel scale and their backward as oneDNN passes over the activations
     * ({@link OneDnnSqueeze}); the dense layers on the pooled [N, C] vectors as below. A 1x1 map (pooling is the
     * identity) and a geometry for which oneDNN has only reference loops take the Java loops.
     */
    private Traced forwardOneDnn(INDArray x) {
        int n = (int) x.size(0);
        long h = x.size(1);
        long w = x.size(2);
        float inv = 1f / (h * w);
        INDArray xd = HostArrays.dense(x);
        int threads = OneDnn.threadsForValues(n * h * w * channels);
        OneDnnSqueeze plan = plans.computeIfAbsent(List.of((long) n, h, w, (long) threads),
                key -> OneDnn.planned(threads, () -> new OneDnnSqueeze(n, h, w, channels)));
        if (!plan.jit) {
            return forwardHost(x);
        }
        KernelMemory perChannel = KernelMemory.floats((long) n * channels);
        plan.pool(xd, perChannel);
        Dense dense = dense(perChannel, n);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        plan.scale(xd, dense.scale(), y);
        return new Traced(y, g -> {
            INDArray gd = HostArrays.dense(g);
            KernelMemory means = KernelMemory.floats((long) n * channels);
            plan.scaleGradient(gd, xd, KernelMemory.floats(x.length()), means);
            float[] sums = HostArrays.scratch(2, n * channels);
            means.read(sums, n * channels);
            for (int i = 0; i < n * channels; i++) {
                sums[i] *= h * w;
            }
            float[] dPooled = denseBackward(dense, sums, n);
            for (int i = 0; i < n * channels; i++) {
                dPooled[i] *= inv;
            }
            KernelMemory dPooledMemory = KernelMemory.floats((long) n * channels);
            dPooledMemory.write(dPooled, n * channels);
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            plan.inputGradient(gd, dense.scale(), dPooledMemory, dx);
            return dx;
        });
    }

    /**
     * The dense layers' values for one pass, off-heap ({@link KernelMemory}): the pooled vectors [N, C], the hidden
     * ReLU output [N, S] and the sigmoid scale [N, C].
     */
    private record Dense(KernelMemory pooled, KernelMemory hidden, KernelMemory scale) {
    }

    /**
     * hidden = relu(pooled W1^T + b1), scale = sigmoid(hidden W2^T + b2) for the n pooled [C] vectors; the products
     * run on the weights themselves, the biases and activations on this thread's scratch slots 4 and 5, so the only
     * allocations are the two small blocks.
     */
    private Dense dense(KernelMemory pooled, int n) {
        KernelMemory hidden = KernelMemory.floats((long) n * seWidth);
        Blas.gemm(false, true, n, seWidth, channels, pooled.pointer(0, (long) n * channels), channels,
                Blas.operand("W1", reduceWeight.value(), (long) seWidth * channels), channels, 0f,
                hidden.pointer(0, (long) n * seWidth), seWidth);
        float[] h = HostArrays.scratch(4, n * seWidth);
        hidden.read(h, n * seWidth);
        float[] b1 = HostArrays.read(reduceBias.value(), HostArrays.scratch(5, seWidth));
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < seWidth; s++) {
                h[b * seWidth + s] = Math.max(h[b * seWidth + s] + b1[s], 0f);
            }
        }
        hidden.write(h, n * seWidth);
        KernelMemory z2 = KernelMemory.floats((long) n * channels);
        Blas.gemm(false, true, n, channels, seWidth, hidden.pointer(), seWidth,
                Blas.operand("W2", expandWeight.value(), (long) channels * seWidth), seWidth, 0f,
                z2.pointer(0, (long) n * channels), channels);
        float[] scale = HostArrays.scratch(4, n * channels);
        z2.read(scale, n * channels);
        float[] b2 = HostArrays.read(expandBias.value(), HostArrays.scratch(5, channels));
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < channels; c++) {
                scale[b * channels + c] = (float) (1.0 / (1.0 + Math.exp(-(scale[b * channels + c] + b2[c]))));
            }
        }
        z2.write(scale, n * channels);
        return new Dense(pooled, hidden, z2);
    }

    /**
     * Backward through the dense layers: given the per-image channel sums of dy * x (the scale's gradient, its
     * first N * C values, overwritten), adds the four parameter gradients (the weights' straight from the products)
     * and returns the pooled vectors' gradient [N, C] in this thread's scratch slot 3 (slots 0, 4 and 5 are used
     * inside).
     */
    private float[] denseBackward(Dense d, float[] scaleGradient, int n) {
        int nc = n * channels;
        int ns = n * seWidth;
        float[] dz2 = scaleGradient;
        float[] scale = HostArrays.scratch(4, nc);
        d.scale().read(scale, nc);
        for (int i = 0; i < nc; i++) {
            dz2[i] *= scale[i] * (1 - scale[i]);
        }
        KernelMemory dz2Memory = KernelMemory.floats(nc);
        dz2Memory.write(dz2, nc);
        KernelMemory dz1Memory = denseLayerBackward(dz2Memory, dz2, n, channels, d.hidden(), seWidth, expandWeight,
                expandBias);
        float[] dz1 = HostArrays.scratch(4, ns);
        dz1Memory.read(dz1, ns);
        float[] hidden = HostArrays.scratch(5, ns);
        d.hidden().read(hidden, ns);
        for (int i = 0; i < ns; i++) {
            dz1[i] *= BatchNormKernel.positive(hidden[i]);
        }
        dz1Memory.write(dz1, ns);
        KernelMemory dPooled = denseLayerBackward(dz1Memory, dz1, n, seWidth, d.pooled(), channels, reduceWeight,
                reduceBias);
        float[] out = HostArrays.scratch(3, nc);
        dPooled.read(out, nc);
        return out;
    }

    /**
     * One dense layer's backward on n rows, the layer [out, in] with input x [n, in] and output gradient dz [n, out]
     * (also on the heap as dzValues): weight gradient += dz^T x, bias gradient += dz's column sums; returns the input
     * gradient dz W [n, in] in a new block.
     */
    private KernelMemory denseLayerBackward(KernelMemory dz, float[] dzValues, int n, int out, KernelMemory x, int in,
                                            Parameter weight, Parameter bias) {
        Blas.gemm(true, false, out, in, n, dz.pointer(0, (long) n * out), out, x.pointer(0, (long) n * in), in, 1f,
                Blas.operand(weight.name() + " gradient", weight.gradient(), (long) out * in), in);
        HostArrays.addInto(columnSums(dzValues, n, out), bias.gradient());
        KernelMemory dx = KernelMemory.floats((long) n * in);
        Blas.gemm(false, false, n, in, out, dz.pointer(), out, Blas.operand(weight.name(), weight.value(),
                (long) out * in), in, 0f, dx.pointer(), in);
        return dx;
    }

    /**
     * The CPU path: pooling, biases, activations, the channel scale and their backward as Java loops over bulk
     * copies (one pass each, vectorised across the channels of a pixel), the four small products through BLAS.
     */
    private Traced forwardHost(INDArray x) {
        int n = (int) x.size(0);
        int hw = (int) (x.size(1) * x.size(2));
        int len = Math.toIntExact(x.length());
        INDArray xd = HostArrays.dense(x);
        int imageValues = hw * channels;
        int parts = Math.min(n, EngineThreads.parts(len, MIN_PART_VALUES));
        float[] xs = HostArrays.scratch(0, len);
        float[] pooled = HostArrays.scratch(2, n * channels);
        java.util.Arrays.fill(pooled, 0, n * channels, 0f);
        EngineThreads.run(parts, part -> { // images split over threads: every image's numbers stay its own
            int b0 = EngineThreads.split(n, parts, part);
            int bEnd = EngineThreads.split(n, parts, part + 1);
            HostArrays.read(xd, (long) b0 * imageValues, (bEnd - b0) * imageValues, xs, b0 * imageValues);
            for (int b = b0; b < bEnd; b++) {
                int p0 = b * channels;
                for (int p = 0; p < hw; p++) {
                    int o = (b * hw + p) * channels;
                    for (int c = 0; c < channels; c++) {
                        pooled[p0 + c] += xs[o + c];
                    }
                }
            }
        });
        float inv = 1f / hw;
        for (int i = 0; i < n * channels; i++) {
            pooled[i] *= inv;
        }
        KernelMemory pooledMemory = KernelMemory.floats((long) n * channels);
        pooledMemory.write(pooled, n * channels);
        Dense dense = dense(pooledMemory, n);
        float[] scale = HostArrays.scratch(3, n * channels);
        dense.scale().read(scale, n * channels);
        float[] ys = HostArrays.scratch(1, len);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        EngineThreads.run(parts, part -> {
            int b0 = EngineThreads.split(n, parts, part);
            int bEnd = EngineThreads.split(n, parts, part + 1);
            for (int b = b0; b < bEnd; b++) {
                int s0 = b * channels;
                for (int p = 0; p < hw; p++) {
                    int o = (b * hw + p) * channels;
                    for (int c = 0; c < channels; c++) {
                        ys[o + c] = xs[o + c] * scale[s0 + c];
                    }
                }
            }
            HostArrays.write(ys, b0 * imageValues, y, (long) b0 * imageValues, (bEnd - b0) * imageValues);
        });
        return new Traced(y, g -> {
            INDArray gd = HostArrays.dense(g);
            float[] xb = HostArrays.scratch(0, len);
            float[] gb = HostArrays.scratch(1, len);
            float[] dz2 = HostArrays.scratch(2, n * channels);
            java.util.Arrays.fill(dz2, 0, n * channels, 0f);
            EngineThreads.run(parts, part -> {
                int b0 = EngineThreads.split(n, parts, part);
                int bEnd = EngineThreads.split(n, parts, part + 1);
                HostArrays.read(xd, (long) b0 * imageValues, (bEnd - b0) * imageValues, xb, b0 * imageValues);
                HostArrays.read(gd, (long) b0 * imageValues, (bEnd - b0) * imageValues, gb, b0 * imageValues);
                for (int b = b0; b < bEnd; b++) {
                    int s0 = b * channels;
                    for (int p = 0; p < hw; p++) {
                        int o = (b * hw + p) * channels;
                        for (int c = 0; c < channels; c++) {
                            dz2[s0 + c] += gb[o + c] * xb[o + c];
                        }
                    }
                }
            });
            float[] dPooled = denseBackward(dense, dz2, n);
            float[] scales = HostArrays.scratch(4, n * channels);
            dense.scale().read(scales, n * channels);
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            EngineThreads.run(parts, part -> {
                int b0 = EngineThreads.split(n, parts, part);
                int bEnd = EngineThreads.split(n, parts, part + 1);
                for (int b = b0; b < bEnd; b++) {
                    int s0 = b * channels;
                    for (int p = 0; p < hw; p++) {
                        int o = (b * hw + p) * channels;
                        for (int c = 0; c < channels; c++) {
                            gb[o + c] = gb[o + c] * scales[s0 + c] + dPooled[s0 + c] * inv;
                        }
                    }
                }
                HostArrays.write(gb, b0 * imageValues, dx, (long) b0 * imageValues, (bEnd - b0) * imageValues);
            });
            return dx;
        });
    }

    /** The column sums of a [rows, cols] matrix, in this thread's scratch slot 0. */
    private static float[] columnSums(float[] m, int rows, int cols) {
        float[] out = HostArrays.scratch(0, cols);
        java.util.Arrays.fill(out, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c] += m[r * cols + c];
            }
        }
        return out;
    }

    /** The backend-neutral path: native ops throughout. */
    private Traced forwardNative(INDArray x) {
        long n = x.size(0);
        long hw = x.size(1) * x.size(2);
        INDArray w1 = reduceWeight.value().reshape(seWidth, channels);
        INDArray w2 = expandWeight.value().reshape(channels, seWidth);
        INDArray pooled = NativeOps.globalAvgPool(x); // [N, C]
        INDArray hidden = NativeOps.relu(NativeOps.gemm(pooled, w1, false, true).addiRowVector(reduceBias.value()));
        INDArray scale = Transforms.sigmoid(NativeOps.gemm(hidden, w2, false, true)
                .addiRowVector(expandBias.value()), false); // [N, C]
        INDArray scale4 = scale.dup('c').reshape(n, 1, 1, channels);
        INDArray out = x.mul(scale4);
        return new Traced(out, g -> {
            INDArray gradScale = g.mul(x).sum(1, 2); // [N, C]
            INDArray gradZ2 = gradScale.muli(scale.mul(scale.rsub(1.0)));
            expandWeight.gradient().reshape(channels, seWidth).addi(NativeOps.gemm(gradZ2, hidden, true, false));
            expandBias.gradient().addi(gradZ2.sum(0));
            INDArray gradHidden = NativeOps.gemm(gradZ2, w2, false, false);
            INDArray gradZ1 = NativeOps.reluBackward(hidden, gradHidden.dup('c'));
            reduceWeight.gradient().reshape(seWidth, channels).addi(NativeOps.gemm(gradZ1, pooled, true, false));
            reduceBias.gradient().addi(gradZ1.sum(0));
            INDArray gradPooled = NativeOps.gemm(gradZ1, w1, false, false).muli(1.0 / hw);
            INDArray gradIn = g.mul(scale4);
            gradIn.addi(gradPooled.dup('c').reshape(n, 1, 1, channels));
            return gradIn;
        });
    }
}
