package io.github.seer4j.blocks;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training-mode batch normalisation of one NHWC geometry planned on oneDNN: the forward with the batch's statistics
 * (optionally fused with the ReLU after it), its backward (input, gamma and beta gradients, through the statistics),
 * and for a residual block's end max(bn(x) + residual, 0) as a binary add with a ReLU post-op and the ReLU's backward
 * from its output. The batch mean and biased variance come back for the running statistics.
 *
 * <p>Calls on one plan are serialised (its memory objects are shared); per-pass tensors (statistics, ReLU mask) are
 * the caller's, so several passes may be outstanding.
 */
final class OneDnnBatchNorm {

    /** What one forward produced that its backward needs. */
    record Saved(KernelMemory mean, KernelMemory variance, KernelMemory workspace) {
    }

    private final int channels;
    private final boolean fusedRelu;
    private final boolean residual;
    private final long workspaceFloats;
    private final OneDnn.Call forward;
    private final OneDnn.Call backward;
    private final OneDnn.Call addRelu;
    private final OneDnn.Call reluBackward;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory diffDst;
    private final dnnl_memory diffSrc;
    private final dnnl_memory mean;
    private final dnnl_memory variance;
    private final dnnl_memory scaleShift;
    private final dnnl_memory diffScaleShift;
    private final dnnl_memory workspace;
    private final dnnl_memory other;
    private final Object[] keepAlive;
    final String implementations;
    /** Whether every primitive has a JIT kernel (otherwise the layer's Java kernel is faster). */
    final boolean jit;

    OneDnnBatchNorm(long n, long height, long width, int channels, boolean relu, boolean residual) {
        this.channels = channels;
        this.residual = residual;
        this.fusedRelu = relu && !residual;
        String shape = n + "x" + height + "x" + width + "x" + channels;
        dnnl_memory_desc_t x = OneDnn.desc(dnnl_nhwc, n, channels, height, width);
        dnnl_memory_desc_t c = OneDnn.desc(dnnl_x, channels);
        dnnl_memory_desc_t ss = OneDnn.desc(dnnl_nc, 2, channels);
        int flags = dnnl_use_scaleshift | (fusedRelu ? dnnl_fuse_norm_relu : 0);
        float eps = (float) BatchNorm2d.EPS;
        dnnl_batch_normalization_desc_t fd = new dnnl_batch_normalization_desc_t();
        OneDnn.check(dnnl_batch_normalization_forward_desc_init(fd, dnnl_forward_training, x, eps, flags),
                "describing the batch norm " + shape);
        dnnl_primitive_desc fpd = OneDnn.primitiveDesc(fd, null, "planning the batch norm " + shape);
        dnnl_batch_normalization_desc_t bd = new dnnl_batch_normalization_desc_t();
        OneDnn.check(dnnl_batch_normalization_backward_desc_init(bd, dnnl_backward, x, x, eps, flags),
                "describing the batch norm's backward " + shape);
        dnnl_primitive_desc bpd = OneDnn.primitiveDesc(bd, fpd, "planning the batch norm's backward " + shape);
        src = OneDnn.memory(x, null);
        dst = OneDnn.memory(x, null);
        diffDst = OneDnn.memory(x, null);
        diffSrc = OneDnn.memory(x, null);
        mean = OneDnn.memory(c, null);
        variance = OneDnn.memory(c, null);
        scaleShift = OneDnn.memory(ss, null);
        diffScaleShift = OneDnn.memory(ss, null);
        dnnl_memory_desc_t ws = fusedRelu ? OneDnn.queried(fpd, dnnl_query_workspace_md) : null;
        workspaceFloats = ws == null ? 0 : (dnnl_memory_desc_get_size(ws) + Float.BYTES - 1) / Float.BYTES;
        workspace = ws == null ? null : OneDnn.memory(ws, null);
        if (fusedRelu) {
            forward = OneDnn.call(fpd, "creating the batch norm " + shape, new int[] {DNNL_ARG_SRC,
                    DNNL_ARG_SCALE_SHIFT, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_WORKSPACE}, src,
                    scaleShift, dst, mean, variance, workspace);
            backward = OneDnn.call(bpd, "creating the batch norm's backward " + shape, new int[] {DNNL_ARG_SRC,
                    DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE_SHIFT, DNNL_ARG_WORKSPACE,
                    DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE_SHIFT}, src, mean, variance, diffDst, scaleShift,
                    workspace, diffSrc, diffScaleShift);
        } else {
            forward = OneDnn.call(fpd, "creating the batch norm " + shape, new int[] {DNNL_ARG_SRC,
                    DNNL_ARG_SCALE_SHIFT, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE}, src, scaleShift, dst, mean,
                    variance);
            backward = OneDnn.call(bpd, "creating the batch norm's backward " + shape, new int[] {DNNL_ARG_SRC,
                    DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE_SHIFT, DNNL_ARG_DIFF_SRC,
                    DNNL_ARG_DIFF_SCALE_SHIFT}, src, mean, variance, diffDst, scaleShift, diffSrc, diffScaleShift);
        }
        String names = forward.implementation() + " / " + backward.implementation();
        if (residual) {
            other = OneDnn.memory(x, null);
            addRelu = OneDnn.binary(dnnl_binary_add, x, x, true, "the residual sum " + shape, dst, other, dst);
            dnnl_eltwise_desc_t ef = new dnnl_eltwise_desc_t();
            OneDnn.check(dnnl_eltwise_forward_desc_init(ef, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd,
                    x, 0f, 0f), "describing a ReLU " + shape);
            dnnl_primitive_desc efpd = OneDnn.primitiveDesc(ef, null, "planning a ReLU " + shape);
            dnnl_eltwise_desc_t eb = new dnnl_eltwise_desc_t();
            OneDnn.check(dnnl_eltwise_backward_desc_init(eb, dnnl_eltwise_relu_use_dst_for_bwd, x, x, 0f, 0f),
                    "describing a ReLU's backward " + shape);
            dnnl_primitive_desc ebpd = OneDnn.primitiveDesc(eb, efpd, "planning a ReLU's backward " + shape);
            reluBackward = OneDnn.call(ebpd, "creating a ReLU's backward " + shape,
                    new int[] {DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, other, diffDst, diffSrc);
            names += " / " + addRelu.implementation() + " / " + reluBackward.implementation();
            keepAlive = new Object[] {x, c, ss, fd, bd, fpd, bpd, ef, efpd, eb, ebpd};
        } else {
            addRelu = null;
            reluBackward = null;
            other = null;
            keepAlive = new Object[] {x, c, ss, fd, bd, fpd, bpd, ws};
        }
        implementations = names;
        jit = java.util.stream.Stream.of(forward, backward, addRelu, reluBackward)
                .noneMatch(call -> call != null && call.reference());
    }

    /**
     * y = bn(x) with the batch's statistics (then max(y, 0) when planned with a ReLU, or max(y + residual, 0) when
     * planned with a residual), gamma and beta given as the rows of gammaBeta [2, C]; returns what the backward
     * needs.
     */
    Saved forward(INDArray x, KernelMemory gammaBeta, INDArray residualInput, INDArray y) {
        KernelMemory m = KernelMemory.floats(channels);
        KernelMemory v = KernelMemory.floats(channels);
        KernelMemory ws = fusedRelu ? KernelMemory.floats(workspaceFloats) : null;
        synchronized (this) {
            OneDnn.bind(src, HostArrays.address(x, 0));
            OneDnn.bind(dst, HostArrays.address(y, 0));
            OneDnn.bind(scaleShift, gammaBeta.address());
            OneDnn.bind(mean, m.address());
            OneDnn.bind(variance, v.address());
            if (ws != null) {
                OneDnn.bind(workspace, ws.address());
            }
            forward.run("running a batch norm");
            if (residual) {
                OneDnn.bind(other, HostArrays.address(residualInput, 0));
                addRelu.run("adding a residual");
            }
        }
        return new Saved(m, v, ws);
    }

    /**
     * dx for dy (and, with a residual, the gradient at the sum into {@code dSum}, which is also the residual's);
     * the gamma and beta gradients into the rows of dGammaBeta ([2, C], overwritten).
     */
    synchronized void backward(INDArray x, INDArray y, KernelMemory gammaBeta, Saved saved, INDArray dy,
                               INDArray dSum, INDArray dx, KernelMemory dGammaBeta) {
        INDArray d = dy;
        if (residual) {
            OneDnn.bind(other, HostArrays.address(y, 0));
            OneDnn.bind(diffDst, HostArrays.address(dy, 0));
            OneDnn.bind(diffSrc, HostArrays.address(dSum, 0));
            reluBackward.run("running a ReLU's backward");
            d = dSum;
        }
        OneDnn.bind(src, HostArrays.address(x, 0));
        OneDnn.bind(mean, saved.mean().address());
        OneDnn.bind(variance, saved.variance().address());
        OneDnn.bind(diffDst, HostArrays.address(d, 0));
        OneDnn.bind(scaleShift, gammaBeta.address());
        OneDnn.bind(diffSrc, HostArrays.address(dx, 0));
        OneDnn.bind(diffScaleShift, dGammaBeta.address());
        if (saved.workspace() != null) {
            OneDnn.bind(workspace, saved.workspace().address());
        }
        backward.run("running a batch norm's backward");
    }

    Object[] keepAlive() {
        return keepAlive;
    }
}
