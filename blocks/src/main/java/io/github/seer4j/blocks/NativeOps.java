package io.github.seer4j.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Thin wrappers over ND4J's native custom ops (oneDNN on CPU, cuDNN on CUDA) with preallocated outputs, so that
 * every layer's forward and backward is a short, fixed chain of native calls: the layers' path on CUDA and for DOUBLE
 * networks. All tensors are NHWC; convolution weights are [outChannels, inChannels, kH, kW] (PyTorch layout).
 */
final class NativeOps {

    private NativeOps() {
    }

    /** Output size of a convolution along one spatial axis. */
    static long convOut(long in, int kernel, int stride, int padding) {
        return (in + 2L * padding - kernel) / stride + 1;
    }

    private static int[] convArgs(int kernel, int stride, int padding) {
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode=0, dataFormat=1 (NHWC), weightFormat=1 ([oC, iC, kH, kW])
        return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 1, 1};
    }

    /** 2-D convolution without bias. */
    static INDArray conv2d(INDArray x, INDArray w, int stride, int padding) {
        int k = (int) w.size(2);
        long[] s = x.shape();
        INDArray out = Nd4j.createUninitialized(x.dataType(), s[0], convOut(s[1], k, stride, padding),
                convOut(s[2], k, stride, padding), w.size(0));
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(out)
                .addIntegerArguments(convArgs(k, stride, padding)).build());
        return out;
    }

    /** Backward of {@link #conv2d}: writes the weight gradient into {@code gradW}, returns the input gradient. */
    static INDArray conv2dBackward(INDArray x, INDArray w, INDArray gradOut, INDArray gradW, int stride,
                                   int padding) {
        int k = (int) w.size(2);
        INDArray gradIn = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, gradOut).addOutputs(gradIn, gradW)
                .addIntegerArguments(convArgs(k, stride, padding)).build());
        return gradIn;
    }

    /** Per-channel mean and biased variance over axes 0, 1, 2 of an NHWC tensor: {mean, variance}, each [C]. */
    static INDArray[] moments(INDArray x) {
        long c = x.size(3);
        INDArray mean = Nd4j.createUninitialized(x.dataType(), c);
        INDArray var = Nd4j.createUninitialized(x.dataType(), c);
        Nd4j.exec(DynamicCustomOp.builder("moments").addInputs(x).addOutputs(mean, var)
                .addIntegerArguments(0, 1, 2).build());
        return new INDArray[] {mean, var};
    }

    /** Batch normalisation with the given statistics: gamma * (x - mean) / sqrt(var + eps) + beta, channel axis 3. */
    static INDArray batchNorm(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, double eps) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, mean, var, gamma, beta).addOutputs(out)
                .addIntegerArguments(1, 1, 3).addFloatingPointArguments(eps).build());
        return out;
    }

    /**
     * Backward of batch normalisation that used the batch's own statistics: writes gamma/beta gradients, returns the
     * input gradient (including the paths through the batch mean and variance).
     */
    static INDArray batchNormBackward(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta,
                                      INDArray gradOut, INDArray gradGamma, INDArray gradBeta, double eps) {
        INDArray gradIn = Nd4j.createUninitialized(x.dataType(), x.shape());
        INDArray gradMean = Nd4j.createUninitialized(x.dataType(), mean.shape());
        INDArray gradVar = Nd4j.createUninitialized(x.dataType(), var.shape());
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp").addInputs(x, mean, var, gamma, beta, gradOut)
                .addOutputs(gradIn, gradMean, gradVar, gradGamma, gradBeta)
                .addIntegerArguments(1, 1, 3).addFloatingPointArguments(eps).build());
        return gradIn;
    }

    /** max(x, 0) into a new array. */
    static INDArray relu(INDArray x) {
        long t0 = StepProfile.start();
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("relu").addInputs(x).addOutputs(out).addFloatingPointArguments(0.0)
                .build());
        StepProfile.stop(StepProfile.Part.RELU_AND_ADD_FORWARD, t0);
        return out;
    }

    /** Gradient of ReLU given its output (or input: the sign is the same): gradOut where y > 0, else 0. */
    static INDArray reluBackward(INDArray y, INDArray gradOut) {
        long t0 = StepProfile.start();
        INDArray gradIn = Nd4j.createUninitialized(y.dataType(), y.shape());
        Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(y, gradOut).addOutputs(gradIn)
                .addFloatingPointArguments(0.0).build());
        StepProfile.stop(StepProfile.Part.RELU_AND_ADD_BACKWARD, t0);
        return gradIn;
    }

    /** Global average pool of an NHWC tensor to [N, C]. */
    static INDArray globalAvgPool(INDArray x) {
        return x.mean(1, 2);
    }

    /** Backward of {@link #globalAvgPool}: spreads gradOut [N, C] evenly over the H x W positions. */
    static INDArray globalAvgPoolBackward(INDArray gradOut, long[] inputShape) {
        double scale = 1.0 / (inputShape[1] * inputShape[2]);
        INDArray g = gradOut.mul(scale).reshape(inputShape[0], 1, 1, inputShape[3]);
        INDArray gradIn = Nd4j.createUninitialized(gradOut.dataType(), inputShape);
        gradIn.assign(g.broadcast(inputShape));
        return gradIn;
    }

    /** c = op(a) x op(b) into a new [rows, cols] array, through BLAS gemm. */
    static INDArray gemm(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        long rows = transposeA ? a.size(1) : a.size(0);
        long cols = transposeB ? b.size(0) : b.size(1);
        INDArray c = Nd4j.createUninitialized(a.dataType(), new long[] {rows, cols}, 'f');
        Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
        return c;
    }
}
