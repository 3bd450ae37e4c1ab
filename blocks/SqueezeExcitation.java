package blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Squeeze-Excitation: global average pool, 1x1 conv with bias to {@code seWidth}, ReLU, 1x1 conv with bias back to
 * the channel count, sigmoid, channel-wise scale of the input. The 1x1 convolutions act on pooled [N, C] vectors, so
 * they run as matrix multiplies; their weights keep the conv shape [out, in, 1, 1] and the conv initialisation.
 */
public final class SqueezeExcitation implements Layer {

    private final int channels;
    private final int seWidth;
    private final Parameter reduceWeight;
    private final Parameter reduceBias;
    private final Parameter expandWeight;
    private final Parameter expandBias;

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
        if (x.rank() != 4 || x.size(1) != channels) {
            throw new IllegalArgumentException("squeeze-excitation: expected an NCHW input with " + channels
                    + " channels, got shape " + java.util.Arrays.toString(x.shape()));
        }
        if (HostArrays.usable(x)) {
            long t0 = StepProfile.start();
            Traced t = forwardHost(x);
            StepProfile.stop(StepProfile.Part.SE_FORWARD, t0);
            return new Traced(t.output(), g -> {
                long t1 = StepProfile.start();
                INDArray gradIn = t.backprop().apply(g);
                StepProfile.stop(StepProfile.Part.SE_BACKWARD, t1);
                return gradIn;
            });
        }
        return forwardNative(x);
    }

    /**
     * The CPU path: pooling, biases, activations, the channel scale and their backward as Java loops over bulk
     * copies (one pass each), the four small products through {@link HostGemm}.
     */
    private Traced forwardHost(INDArray x) {
        int n = (int) x.size(0);
        int hw = (int) (x.size(2) * x.size(3));
        int len = (int) x.length();
        DataType type = x.dataType();
        double[] xs = HostArrays.read(x, HostArrays.scratch(0, len));
        double[] pooled = new double[n * channels];
        for (int i = 0; i < n * channels; i++) {
            double sum = 0;
            for (int k = 0; k < hw; k++) {
                sum += xs[i * hw + k];
            }
            pooled[i] = sum / hw;
        }
        double[] w1 = HostArrays.read(reduceWeight.value()); // [S, C]
        double[] b1 = HostArrays.read(reduceBias.value());
        double[] w2 = HostArrays.read(expandWeight.value()); // [C, S]
        double[] b2 = HostArrays.read(expandBias.value());
        double[] hidden = HostGemm.multiply(pooled, n, channels, false, w1, seWidth, channels, true, type);
        for (int i = 0; i < hidden.length; i++) {
            double h = hidden[i] + b1[i % seWidth];
            hidden[i] = Math.max(h, 0.0);
        }
        double[] scale = HostGemm.multiply(hidden, n, seWidth, false, w2, channels, seWidth, true, type);
        for (int i = 0; i < scale.length; i++) {
            scale[i] = 1.0 / (1.0 + Math.exp(-(scale[i] + b2[i % channels])));
        }
        double[] out = HostArrays.scratch(1, len);
        for (int i = 0; i < n * channels; i++) {
            double s = scale[i];
            for (int k = 0; k < hw; k++) {
                out[i * hw + k] = xs[i * hw + k] * s;
            }
        }
        INDArray y = HostArrays.create(out, type, x.shape());
        return new Traced(y, g -> {
            double[] xb = HostArrays.read(x, HostArrays.scratch(0, len));
            double[] gb = HostArrays.read(g, HostArrays.scratch(1, len));
            double[] dz2 = new double[n * channels];
            for (int i = 0; i < n * channels; i++) {
                double sum = 0;
                for (int k = 0; k < hw; k++) {
                    sum += gb[i * hw + k] * xb[i * hw + k];
                }
                dz2[i] = sum * scale[i] * (1 - scale[i]);
            }
            HostArrays.addInto(HostGemm.multiply(dz2, n, channels, true, hidden, n, seWidth, false, type),
                    expandWeight.gradient());
            HostArrays.addInto(columnSums(dz2, n, channels), expandBias.gradient());
            double[] dz1 = HostGemm.multiply(dz2, n, channels, false, w2, channels, seWidth, false, type);
            for (int i = 0; i < dz1.length; i++) {
                if (hidden[i] <= 0) {
                    dz1[i] = 0;
                }
            }
            HostArrays.addInto(HostGemm.multiply(dz1, n, seWidth, true, pooled, n, channels, false, type),
                    reduceWeight.gradient());
            HostArrays.addInto(columnSums(dz1, n, seWidth), reduceBias.gradient());
            double[] dPooled = HostGemm.multiply(dz1, n, seWidth, false, w1, seWidth, channels, false, type);
            for (int i = 0; i < n * channels; i++) {
                double s = scale[i];
                double p = dPooled[i] / hw;
                for (int k = 0; k < hw; k++) {
                    gb[i * hw + k] = gb[i * hw + k] * s + p;
                }
            }
            return HostArrays.create(gb, type, x.shape());
        });
    }

    private static double[] columnSums(double[] m, int rows, int cols) {
        double[] out = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c] += m[r * cols + c];
            }
        }
        return out;
    }

    /** The backend-neutral path: native ops throughout. */
    private Traced forwardNative(INDArray x) {
        long t0 = StepProfile.start();
        long n = x.size(0);
        long hw = x.size(2) * x.size(3);
        INDArray w1 = reduceWeight.value().reshape(seWidth, channels);
        INDArray w2 = expandWeight.value().reshape(channels, seWidth);
        INDArray pooled = NativeOps.globalAvgPool(x); // [N, C]
        INDArray hidden = NativeOps.relu(NativeOps.gemm(pooled, w1, false, true).addiRowVector(reduceBias.value()));
        INDArray scale = Transforms.sigmoid(NativeOps.gemm(hidden, w2, false, true)
                .addiRowVector(expandBias.value()), false); // [N, C]
        INDArray scale4 = scale.dup('c').reshape(n, channels, 1, 1);
        INDArray out = x.mul(scale4);
        StepProfile.stop(StepProfile.Part.SE_FORWARD, t0);
        return new Traced(out, g -> {
            long t1 = StepProfile.start();
            INDArray gradScale = g.mul(x).sum(2, 3); // [N, C]
            INDArray gradZ2 = gradScale.muli(scale.mul(scale.rsub(1.0)));
            expandWeight.gradient().reshape(channels, seWidth).addi(NativeOps.gemm(gradZ2, hidden, true, false));
            expandBias.gradient().addi(gradZ2.sum(0));
            INDArray gradHidden = NativeOps.gemm(gradZ2, w2, false, false);
            INDArray gradZ1 = NativeOps.reluBackward(hidden, gradHidden.dup('c'));
            reduceWeight.gradient().reshape(seWidth, channels).addi(NativeOps.gemm(gradZ1, pooled, true, false));
            reduceBias.gradient().addi(gradZ1.sum(0));
            INDArray gradPooled = NativeOps.gemm(gradZ1, w1, false, false).muli(1.0 / hw);
            INDArray gradIn = g.mul(scale4);
            gradIn.addi(gradPooled.dup('c').reshape(n, channels, 1, 1));
            StepProfile.stop(StepProfile.Part.SE_BACKWARD, t1);
            return gradIn;
        });
    }
}
