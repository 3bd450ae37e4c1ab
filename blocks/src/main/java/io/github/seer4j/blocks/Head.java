package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's end: global average pool of NHWC features to [N, C], then (when {@code classes > 0}) a fully-connected layer with
 * bias to [N, classes]. With no classes the output is the pooled trunk feature, as self-supervised training uses it.
 */
public final class Head implements Layer {

    private final int classes;
    private final Parameter weight;
    private final Parameter bias;
    /** The classifier over the pooled features, or null without classes. */
    private final Linear fc;

    public Head(String name, int channels, int classes, Init init) {
        if (classes < 0) {
            throw new IllegalArgumentException(name + ": classes must be >= 0 (0 = no classifier), got " + classes);
        }
        this.classes = classes;
        if (classes > 0) {
            weight = new Parameter(name + ".fc.weight", Parameter.Kind.LINEAR_WEIGHT,
                    init.linearWeight(classes, channels));
            bias = new Parameter(name + ".fc.bias", Parameter.Kind.BIAS, init.constant(0, classes));
            fc = new Linear(weight, bias);
        } else {
            weight = null;
            bias = null;
            fc = null;
        }
    }

    public int classes() {
        return classes;
    }

    @Override
    public Traced forward(INDArray x, Mode mode) {
        long t0 = StepProfile.start();
        long[] inShape = x.shape();
        INDArray pooled = NativeOps.globalAvgPool(x);
        if (weight == null) {
            StepProfile.stop(StepProfile.Part.HEAD_FORWARD, t0);
            return new Traced(pooled, g -> {
                long t1 = StepProfile.start();
                INDArray gradIn = poolBackward(g, inShape);
                StepProfile.stop(StepProfile.Part.HEAD_BACKWARD, t1);
                return gradIn;
            });
        }
        Traced logits = fc.forward(pooled, mode);
        StepProfile.stop(StepProfile.Part.HEAD_FORWARD, t0);
        return new Traced(logits.output(), g -> {
            long t1 = StepProfile.start();
            INDArray gradIn = poolBackward(logits.backward(g), inShape);
            StepProfile.stop(StepProfile.Part.HEAD_BACKWARD, t1);
            return gradIn;
        });
    }

    /**
     * The pooling's backward: every pixel of image b gets g[b] / (H * W). On the CPU (FLOAT) one Java fill and one bulk
     * write (ND4J's broadcast assign took most of the head's backward); elsewhere ND4J's ops.
     */
    private static INDArray poolBackward(INDArray g, long[] inShape) {
        if (!HostArrays.usable(g)) {
            return NativeOps.globalAvgPoolBackward(g, inShape);
        }
        int n = (int) inShape[0];
        int pixels = (int) (inShape[1] * inShape[2]);
        int channels = (int) inShape[3];
        float[] gs = HostArrays.read(g, HostArrays.scratch(1, n * channels)); // [N, C]
        float inv = 1f / pixels;
        for (int i = 0; i < n * channels; i++) {
            gs[i] *= inv;
        }
        int len = n * pixels * channels;
        float[] out = HostArrays.scratch(0, len);
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < pixels; p++) {
                System.arraycopy(gs, b * channels, out, (b * pixels + p) * channels, channels);
            }
        }
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, inShape);
        HostArrays.write(out, 0, dx, 0, len);
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return weight == null ? List.of() : List.of(weight, bias);
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }
}
