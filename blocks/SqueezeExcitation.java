package blocks;

import java.util.List;
import java.util.Map;
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
