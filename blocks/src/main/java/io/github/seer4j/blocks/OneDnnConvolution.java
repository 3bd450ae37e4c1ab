package io.github.seer4j.blocks;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One convolution geometry (batch, input size, channels, kernel, stride, padding, groups) planned on oneDNN: the
 * forward, backward-data and backward-weights primitives on NHWC activations, each with the weight layout oneDNN's
 * JIT kernels want (blocked; the plain PyTorch-layout weight is reordered into it per call, a few KB). Weight
 * gradients come back in oneDNN's layout, are reordered to PyTorch's and added to the layer's gradient.
 *
 * <p>A strided 1x1 convolution (RegNet's projection shortcut) runs as a reorder that picks every stride-th pixel
 * into a dense tensor followed by a 1x1 convolution with stride 1, and its input gradient as the reverse reorder into
 * a zeroed tensor: oneDNN 2.5's strided 1x1 kernels wrote outside their buffers with two threads.
 *
 * <p>In bf16 ({@link Kernels#bf16Convolutions(boolean)}) the primitives read and write bfloat16 copies of the
 * activations (made by reorders into two per-thread buffers) and bf16 weights; the weight gradient stays float.
 *
 * <p>Calls on one plan are serialised (its memory objects and weight buffers are shared); different plans run
 * concurrently.
 */
final class OneDnnConvolution {

    private final long weightValues;
    private final long[] pickedShape;
    private final boolean bf16;
    private final long srcValues;
    private final long dstValues;
    private final OneDnn.Call forward;
    /** oneDNN's backward-data primitive where the input gradient does not run as a transposed forward, else null. */
    private final OneDnn.Call backwardData;
    private final OneDnn.Call backwardWeights;
    private final dnnl_memory_desc_t xDesc;
    private final dnnl_memory_desc_t yDesc;
    /** {strides, pads, shape} where the input gradient can run as a transposed forward, else null. */
    private final Object[] transposeGeometry;
    /** A stride-1 1x1 convolution's input gradient as a forward convolution of dy by the transposed weights. */
    private final TransposedBackward transposedBackward;
    /** The same adding into the gradient there (planned on first use; null where that has only reference loops). */
    private TransposedBackward transposedAdding;
    private boolean addingPlanned;
    /** The reverse pick adding into the gradient there (planned on first use). */
    private Step unpickAdding;
    private final dnnl_memory_desc_t stridedDesc;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory srcFloat;
    private final dnnl_memory dstFloat;
    private final dnnl_memory plainWeights;
    private final dnnl_memory plainGradient;
    private final dnnl_memory strided;
    private final Step toForwardWeights;
    private final Step toBackwardWeights;
    private final Step fromGradient;
    private final Step pick;
    private final Step unpick;
    private final Step srcToBf16;
    private final Step srcFromBf16;
    private final Step dstToBf16;
    private final Step dstFromBf16;
    private final INDArray gradientScratch;
    private final Object[] keepAlive;
    final String implementations;
    /** Whether every primitive has a JIT kernel (otherwise the layer's Java kernels are faster). */
    final boolean jit;

    /** A reorder (or nothing, when the layouts agree) from one memory object to another. */
    private record Step(OneDnn.Call reorder) {
        static final Step NONE = new Step(null);

        static Step between(dnnl_memory_desc_t fromDesc, dnnl_memory from, dnnl_memory_desc_t toDesc,
                            dnnl_memory to) {
            return new Step(OneDnn.reorder(fromDesc, from, toDesc, to));
        }

        void run() {
            if (reorder != null) {
                reorder.run("reordering a tensor");
            }
        }
    }

    /**
     * Whether oneDNN runs this geometry: every one except a strided 1x1 convolution of an input whose height the
     * stride does not divide (its picked pixels cannot be described as a strided tensor; the Java kernels run it).
     */
    static boolean supports(int height, int kernel, int stride, int padding) {
        return !(kernel == 1 && stride > 1 && padding == 0 && height % stride != 0);
    }

    /**
     * Plans the geometry in float, or with {@code bf16} in bfloat16: input, weights and output (and their gradients)
     * as bf16, products accumulated and the weight gradient written in float; the float tensors the layer sees are
     * converted by reorders around each primitive (the strided pick converts as it picks).
     */
    OneDnnConvolution(int n, int height, int width, int inChannels, int outChannels, int kernel, int stride,
                      int padding, int groups, boolean bf16) {
        this.bf16 = bf16;
        int outHeight = (height + 2 * padding - kernel) / stride + 1;
        int outWidth = (width + 2 * padding - kernel) / stride + 1;
        boolean picked = kernel == 1 && stride > 1 && padding == 0;
        int convStride = picked ? 1 : stride;
        long convHeight = picked ? outHeight : height;
        long convWidth = picked ? outWidth : width;
        int type = bf16 ? dnnl_bf16 : dnnl_f32;
        dnnl_memory_desc_t xFloat = OneDnn.desc(dnnl_nhwc, n, inChannels, convHeight, convWidth);
        dnnl_memory_desc_t yFloat = OneDnn.desc(dnnl_nhwc, n, outChannels, outHeight, outWidth);
        dnnl_memory_desc_t x = bf16 ? OneDnn.typed(type, dnnl_nhwc, n, inChannels, convHeight, convWidth) : xFloat;
        dnnl_memory_desc_t y = bf16 ? OneDnn.typed(type, dnnl_nhwc, n, outChannels, outHeight, outWidth) : yFloat;
        srcValues = (long) n * inChannels * convHeight * convWidth;
        dstValues = (long) n * outChannels * outHeight * outWidth;
        long[] wDims = groups == 1 ? new long[] {outChannels, inChannels, kernel, kernel}
                : new long[] {groups, outChannels / groups, inChannels / groups, kernel, kernel};
        dnnl_memory_desc_t wPlain = OneDnn.desc(groups == 1 ? dnnl_oihw : dnnl_goihw, wDims);
        dnnl_memory_desc_t wAny = OneDnn.typed(type, dnnl_format_tag_any, wDims);
        dnnl_memory_desc_t gradAny = OneDnn.desc(dnnl_format_tag_any, wDims); // weight gradients stay float
        long[] strides = {convStride, convStride};
        long[] pads = {padding, padding}; // oneDNN's output size is PyTorch's floor((in + 2p - k) / s) + 1 as well
        String shape = n + "x" + height + "x" + width + "x" + inChannels + " -> " + outChannels + ", " + kernel + "x"
                + kernel + " stride " + stride + " groups " + groups + (bf16 ? " in bf16" : "");

        dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
        OneDnn.check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct, x, wAny,
                null, y, strides, pads, pads), "describing the convolution " + shape);
        dnnl_primitive_desc fpd = OneDnn.primitiveDesc(fd, null, "planning the convolution " + shape);
        dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
        OneDnn.check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, x, gradAny, null, y,
                strides, pads, pads), "describing the convolution's weight gradient " + shape);
        dnnl_primitive_desc wpd = OneDnn.primitiveDesc(wd, fpd, "planning the convolution's weight gradient " + shape);
        weightValues = (long) outChannels * (inChannels / groups) * kernel * kernel;
        src = OneDnn.memory(x, null);
        dst = OneDnn.memory(y, null);
        srcFloat = bf16 ? OneDnn.memory(xFloat, null) : src;
        dstFloat = bf16 ? OneDnn.memory(yFloat, null) : dst;
        plainWeights = OneDnn.memory(wPlain, null);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            gradientScratch = Nd4j.createUninitialized(DataType.FLOAT, weightValues);
        }
        plainGradient = OneDnn.memory(wPlain, HostArrays.pointer(gradientScratch, 0));
        dnnl_memory_desc_t wf = OneDnn.queried(fpd, dnnl_query_weights_md);
        dnnl_memory_desc_t ww = OneDnn.queried(wpd, dnnl_query_diff_weights_md);
        boolean fPlain = OneDnn.same(wf, wPlain);
        boolean wPlainGrad = OneDnn.same(ww, wPlain);
        FloatPointer wfData = fPlain ? null : new FloatPointer(dnnl_memory_desc_get_size(wf) / Float.BYTES + 1);
        FloatPointer wwData = wPlainGrad ? null : new FloatPointer(dnnl_memory_desc_get_size(ww) / Float.BYTES + 1);
        dnnl_memory wfMem = fPlain ? plainWeights : OneDnn.memory(wf, wfData);
        dnnl_memory wwMem = wPlainGrad ? plainGradient : OneDnn.memory(ww, wwData);
        // weights are a few KB: one thread reorders them faster than two
        toForwardWeights = fPlain ? Step.NONE : OneDnn.planned(1, () -> Step.between(wPlain, plainWeights, wf, wfMem));
        fromGradient = wPlainGrad ? Step.NONE : OneDnn.planned(1, () -> Step.between(ww, wwMem, wPlain, plainGradient));
        forward = OneDnn.call(fpd, "creating the convolution " + shape,
                new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, src, wfMem, dst);
        backwardWeights = OneDnn.call(wpd, "creating the convolution's weight gradient " + shape,
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS}, src, dst, wwMem);
        // dx of a stride-1 1x1 convolution is the 1x1 convolution of dy by the transposed weights [in, out]: oneDNN
        // 2.5's forward kernels (brgconv) run it faster than its backward-data ones (RegNetY's 1x1 shapes at 224 px:
        // 0-18% on a Xeon), and with a sum post-op it adds into a gradient already there in the same pass
        xDesc = x;
        yDesc = y;
        transposeGeometry = kernel == 1 && groups == 1 && convStride == 1 && !bf16
                ? new Object[] {strides, pads, shape} : null;
        TransposedBackward transposed = transposeGeometry == null ? null : transposedBackward(OneDnn.PostOp.NONE);
        transposedBackward = transposed;
        Object[] backwardKeep = null;
        if (transposed == null) { // oneDNN's backward-data primitive, from the weights in the layout it wants
            dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
            OneDnn.check(dnnl_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, x, wAny, y, strides,
                    pads, pads), "describing the convolution's backward " + shape);
            dnnl_primitive_desc bpd = OneDnn.primitiveDesc(bd, fpd, "planning the convolution's backward " + shape);
            dnnl_memory_desc_t wb = OneDnn.queried(bpd, dnnl_query_weights_md);
            boolean bPlain = OneDnn.same(wb, wPlain);
            FloatPointer wbData = bPlain ? null : new FloatPointer(dnnl_memory_desc_get_size(wb) / Float.BYTES + 1);
            dnnl_memory wbMem = bPlain ? plainWeights : OneDnn.memory(wb, wbData);
            toBackwardWeights = bPlain ? Step.NONE
                    : OneDnn.planned(1, () -> Step.between(wPlain, plainWeights, wb, wbMem));
            backwardData = OneDnn.call(bpd, "creating the convolution's backward " + shape,
                    new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}, dst, wbMem, src);
            backwardKeep = new Object[] {bd, bpd, wbData};
        } else {
            toBackwardWeights = Step.NONE;
            backwardData = null;
        }
        implementations = forward.implementation() + " / " + (transposed != null
                ? transposed.conv().implementation() + " (transposed forward)" : backwardData.implementation()) + " / "
                + backwardWeights.implementation() + (picked ? " (strided pixels picked by reorders)" : "");
        jit = !forward.reference() && (backwardData == null || !backwardData.reference())
                && !backwardWeights.reference();
        if (bf16 && !jit) {
            throw new IllegalStateException("bf16 convolutions need a CPU with bf16 kernels (AVX512-BF16); oneDNN has "
                    + "only reference loops for the convolution " + shape + " here (" + implementations
                    + "); train in float (drop --bf16, or Kernels.bf16Convolutions(false))");
        }
        if (picked) {
            long row = (long) width * inChannels;
            stridedDesc = OneDnn.strided(new long[] {n, inChannels, outHeight, outWidth},
                    new long[] {(long) height * row, 1, stride * row, (long) stride * inChannels});
            dnnl_memory_desc_t sd = stridedDesc;
            strided = OneDnn.memory(stridedDesc, null);
            pick = Step.between(sd, strided, x, src); // converts to bf16 as it picks
            unpick = Step.between(x, src, sd, strided);
            pickedShape = new long[] {n, outHeight, outWidth, inChannels};
        } else {
            stridedDesc = null;
            strided = null;
            pick = Step.NONE;
            unpick = Step.NONE;
            pickedShape = null;
        }
        srcToBf16 = bf16 && !picked ? Step.between(xFloat, srcFloat, x, src) : Step.NONE;
        srcFromBf16 = bf16 && !picked ? Step.between(x, src, xFloat, srcFloat) : Step.NONE;
        dstToBf16 = bf16 ? Step.between(yFloat, dstFloat, y, dst) : Step.NONE;
        dstFromBf16 = bf16 ? Step.between(y, dst, yFloat, dstFloat) : Step.NONE;
        keepAlive = new Object[] {x, y, xFloat, yFloat, wPlain, wAny, gradAny, fd, wd, fpd, wpd, wfData, wwData,
            stridedDesc, backwardKeep};
    }

    /** y = conv(x, weight), all dense NHWC / [out, in/groups, k, k] FLOAT tensors. */
    synchronized void forward(INDArray x, INDArray weight, INDArray y) {
        OneDnn.bind(plainWeights, HostArrays.address(weight, 0));
        toForwardWeights.run();
        bindInput(x);
        if (bf16) {
            OneDnn.bind(dst, HostArrays.address(bf16Dst(), 0));
            forward.run("running a convolution");
            OneDnn.bind(dstFloat, HostArrays.address(y, 0));
            dstFromBf16.run();
        } else {
            OneDnn.bind(dst, HostArrays.address(y, 0));
            forward.run("running a convolution");
        }
    }

    /** dx = the input gradient for dy (skipped when dx is null); gradient += the weight gradient. */
    synchronized void backward(INDArray x, INDArray weight, INDArray dy, INDArray dx, INDArray gradient) {
        backward(x, weight, dy, dx, false, gradient);
    }

    /**
     * Whether {@link #backward(INDArray, INDArray, INDArray, INDArray, boolean, INDArray)} adds the input gradient
     * into dx inside oneDNN's kernels (a 1x1 convolution in float; the others add it afterwards).
     */
    boolean addsInPlace() {
        return transposedBackward != null;
    }

    /**
     * The same; with {@code adding}, dx += the input gradient (a residual block's input gradient added to its
     * shortcut's), in the same pass where {@link #addsInPlace()}.
     */
    synchronized void backward(INDArray x, INDArray weight, INDArray dy, INDArray dx, boolean adding,
                               INDArray gradient) {
        if (bf16) {
            OneDnn.bind(dst, HostArrays.address(bf16Dst(), 0));
            OneDnn.bind(dstFloat, HostArrays.address(dy, 0));
            dstToBf16.run();
        } else {
            OneDnn.bind(dst, HostArrays.address(dy, 0));
        }
        if (dx != null) {
            inputGradient(weight, dx, adding);
        }
        bindInput(x);
        backwardWeights.run("running a convolution's weight gradient");
        fromGradient.run();
        Blas.addInto(Math.toIntExact(weightValues), gradientScratch, 0, gradient, 0);
    }

    /** dx for the output gradient already bound to {@code dst}. */
    private void inputGradient(INDArray weight, INDArray dx, boolean adding) {
        if (adding && transposedBackward == null) {
            throw new IllegalStateException("this convolution adds input gradients afterwards (addsInPlace() false)");
        }
        INDArray dSrc = bf16 ? bf16Src()
                : pickedShape == null ? dx : Nd4j.createUninitialized(DataType.FLOAT, pickedShape);
        OneDnn.bind(src, HostArrays.address(dSrc, 0));
        if (transposedBackward != null) {
            if (adding && pickedShape == null) {
                if (!addingPlanned) {
                    transposedAdding = transposedBackward(OneDnn.PostOp.SUM);
                    addingPlanned = true;
                }
                if (transposedAdding == null) { // only reference loops with the sum: add afterwards
                    INDArray product = Nd4j.createUninitialized(DataType.FLOAT, dx.shape());
                    OneDnn.bind(src, HostArrays.address(product, 0));
                    transposedBackward.run(weight);
                    HostArrays.addInPlace(dx, product);
                } else {
                    transposedAdding.run(weight);
                }
            } else {
                transposedBackward.run(weight);
            }
        } else {
            OneDnn.bind(plainWeights, HostArrays.address(weight, 0));
            toBackwardWeights.run();
            backwardData.run("running a convolution's backward");
        }
        if (pickedShape != null) {
            OneDnn.bind(strided, HostArrays.address(dx, 0));
            if (adding) {
                if (unpickAdding == null) {
                    unpickAdding = OneDnn.planned(forward.threads(),
                            () -> new Step(OneDnn.reorder(xDesc, src, stridedDesc, strided, OneDnn.PostOp.SUM)));
                }
                unpickAdding.run(); // the pixels the stride skips keep what dx held
            } else {
                HostArrays.zero(dx);
                unpick.run();
            }
        } else if (bf16) {
            OneDnn.bind(srcFloat, HostArrays.address(dx, 0));
            srcFromBf16.run();
        }
    }

    /** Binds the convolution's input: x itself, its picked pixels for a strided 1x1 convolution, or its bf16 copy. */
    private void bindInput(INDArray x) {
        if (pickedShape != null) {
            INDArray picked = bf16 ? bf16Src() : Nd4j.createUninitialized(DataType.FLOAT, pickedShape);
            OneDnn.bind(strided, HostArrays.address(x, 0));
            OneDnn.bind(src, HostArrays.address(picked, 0));
            pick.run();
        } else if (bf16) {
            OneDnn.bind(src, HostArrays.address(bf16Src(), 0));
            OneDnn.bind(srcFloat, HostArrays.address(x, 0));
            srcToBf16.run();
        } else {
            OneDnn.bind(src, HostArrays.address(x, 0));
        }
    }

    /**
     * A forward convolution computing dx = conv(dy, W^T) (with {@link OneDnn.PostOp#SUM}: dx += it) from the plain
     * weights, through its own blocked copy of the transposed weights.
     */
    private record TransposedBackward(OneDnn.Call conv, dnnl_memory plainWeights, Step toWeights, Object[] keepAlive) {

        void run(INDArray weight) {
            OneDnn.bind(plainWeights, HostArrays.address(weight, 0));
            toWeights.run();
            conv.run("running a convolution's backward");
        }
    }

    /** Plans the transposed-forward input gradient on this plan's threads; null where oneDNN has only reference loops. */
    private TransposedBackward transposedBackward(OneDnn.PostOp post) {
        long[] strides = (long[]) transposeGeometry[0];
        long[] pads = (long[]) transposeGeometry[1];
        String shape = (String) transposeGeometry[2];
        long in = xDesc.dims().get(1);
        long out = yDesc.dims().get(1);
        return OneDnn.planned(forward.threads(), () -> {
            dnnl_memory_desc_t wtAny = OneDnn.desc(dnnl_format_tag_any, in, out, 1, 1);
            dnnl_convolution_desc_t td = new dnnl_convolution_desc_t();
            OneDnn.check(dnnl_convolution_forward_desc_init(td, dnnl_forward_inference, dnnl_convolution_direct, yDesc,
                    wtAny, null, xDesc, strides, pads, pads), "describing the convolution's transposed backward "
                    + shape);
            dnnl_primitive_desc tpd = OneDnn.primitiveDesc(td, null, post,
                    "planning the convolution's transposed backward " + shape);
            dnnl_memory_desc_t wt = OneDnn.queried(tpd, dnnl_query_weights_md);
            FloatPointer wtData = new FloatPointer(dnnl_memory_desc_get_size(wt) / Float.BYTES + 1);
            dnnl_memory wtMem = OneDnn.memory(wt, wtData);
            OneDnn.Call conv = OneDnn.call(tpd, "creating the convolution's transposed backward " + shape,
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, dst, wtMem, src);
            if (conv.reference()) {
                return null;
            }
            // the transposed weights [in, out, 1, 1] as a strided view of the plain [out, in, 1, 1] ones
            dnnl_memory_desc_t plainTransposed = OneDnn.strided(new long[] {in, out, 1, 1}, new long[] {1, in, 1, 1});
            dnnl_memory from = OneDnn.memory(plainTransposed, null);
            Step toWeights = OneDnn.planned(1, () -> Step.between(plainTransposed, from, wt, wtMem));
            return new TransposedBackward(conv, from, toWeights, new Object[] {wtAny, td, tpd, wtData, plainTransposed});
        });
    }

    /**
     * Room for the bf16 input (or input gradient) of one call: this thread's off-heap scratch 1, reused by every
     * convolution on the thread (a FLOAT buffer of half the values), so bf16 adds no memory per layer.
     */
    private INDArray bf16Src() {
        return HostArrays.offHeapScratch(1, (srcValues + 1) / 2);
    }

    /** Room for the bf16 output (or output gradient) of one call: this thread's off-heap scratch 2. */
    private INDArray bf16Dst() {
        return HostArrays.offHeapScratch(2, (dstValues + 1) / 2);
    }

    /** Keeps the descriptors and buffers the primitives were built from reachable for as long as the plan is. */
    Object[] keepAlive() {
        return keepAlive;
    }
}
