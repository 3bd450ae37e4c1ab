package io.github.seer4j.blocks;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.javacpp.LongPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The activation-sized passes of Squeeze-Excitation for one NHWC geometry planned on oneDNN: the global average pool
 * (an average pooling over the whole map), the channel-wise scale, and in the backward the per-image channel means of
 * dy * x and the input gradient dy * scale + dPooled / (H * W) (a broadcast multiply, then a broadcast add in place).
 * oneDNN 2.5 has JIT kernels for these (the broadcasts on the activations viewed as [N, H*W, C] rows); its reduction
 * primitive and binary post-ops ran as reference loops, 20-40x slower. The small dense layers in between stay in Java
 * ({@link SqueezeExcitation}).
 *
 * <p>Calls on one plan are serialised (its memory objects are shared).
 */
final class OneDnnSqueeze {

    private final OneDnn.Call pool;
    private final OneDnn.Call scale;
    private final OneDnn.Call product;
    private final OneDnn.Call addInPlace;
    /** The pools' input and output (NHWC, [N, C, 1, 1]). */
    private final dnnl_memory x;
    private final dnnl_memory perChannel;
    /** The binaries' operands: the activations as [N, H*W, C] rows, the per-image vectors as [N, 1, C]. */
    private final dnnl_memory rowsX;
    private final dnnl_memory rowsOther;
    private final dnnl_memory rowsOut;
    private final dnnl_memory perImage;
    private final dnnl_memory perImageToo;
    private final Object[] keepAlive;
    /** Values of the per-image vectors, N * C. */
    private final long perImageValues;
    /** Whether every primitive has a JIT kernel (for some channel counts a broadcast has only reference loops). */
    final boolean jit;

    OneDnnSqueeze(long n, long height, long width, int channels) {
        String shape = n + "x" + height + "x" + width + "x" + channels;
        perImageValues = n * channels;
        dnnl_memory_desc_t full = OneDnn.desc(dnnl_nhwc, n, channels, height, width);
        dnnl_memory_desc_t small = OneDnn.desc(dnnl_nhwc, n, channels, 1, 1);
        x = OneDnn.memory(full, null);
        perChannel = OneDnn.memory(small, null);
        // the broadcasts see the same memory as [N, H*W, C] and [N, 1, C]: oneDNN 2.5 has JIT kernels for that
        // pattern at every channel count, for the 4-d NHWC one only at some (24 channels on 56x56 maps: reference)
        dnnl_memory_desc_t rows = OneDnn.desc(dnnl_abc, n, height * width, channels);
        dnnl_memory_desc_t perImageDesc = OneDnn.desc(dnnl_abc, n, 1, channels);
        rowsX = OneDnn.memory(rows, null);
        rowsOther = OneDnn.memory(rows, null);
        rowsOut = OneDnn.memory(rows, null);
        perImage = OneDnn.memory(perImageDesc, null);
        perImageToo = OneDnn.memory(perImageDesc, null);

        long[] whole = {height, width};
        long[] none = {0, 0};
        dnnl_pooling_desc_t poolDesc = new dnnl_pooling_desc_t();
        OneDnn.check(dnnl_pooling_forward_desc_init(poolDesc, dnnl_forward_inference, dnnl_pooling_avg_exclude_padding,
                full, small, new LongPointer(whole), new LongPointer(whole), new LongPointer(none),
                new LongPointer(none)), "describing the SE pool " + shape);
        dnnl_primitive_desc poolPd = OneDnn.primitiveDesc(poolDesc, null, "planning the SE pool " + shape);
        pool = OneDnn.call(poolPd, "creating the SE pool " + shape, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, x,
                perChannel);
        scale = OneDnn.binary(dnnl_binary_mul, rows, perImageDesc, false, "the SE scale " + shape, rowsX, perImage,
                rowsOut);
        product = OneDnn.binary(dnnl_binary_mul, rows, rows, false, "the SE gradient product " + shape, rowsX,
                rowsOther, rowsOut);
        addInPlace = OneDnn.binary(dnnl_binary_add, rows, perImageDesc, false, "the SE input gradient " + shape,
                rowsOut, perImageToo, rowsOut);
        keepAlive = new Object[] {full, small, rows, perImageDesc, poolDesc, poolPd};
        jit = java.util.stream.Stream.of(pool, scale, product, addInPlace).noneMatch(OneDnn.Call::reference);
    }

    /** pooled [N, C] = the mean of x over its pixels. */
    synchronized void pool(INDArray xd, KernelMemory pooled) {
        OneDnn.bind(x, HostArrays.address(xd, 0));
        OneDnn.bind(perChannel, pooled.address(0, perImageValues));
        pool.run("pooling for squeeze-excitation");
    }

    /** y = x * s, s [N, C] broadcast over the pixels. */
    synchronized void scale(INDArray xd, KernelMemory s, INDArray y) {
        OneDnn.bind(rowsX, HostArrays.address(xd, 0));
        OneDnn.bind(perImage, s.address(0, perImageValues));
        OneDnn.bind(rowsOut, HostArrays.address(y, 0));
        scale.run("scaling for squeeze-excitation");
    }

    /** means [N, C] = the mean over the pixels of dy * x ({@code scratch} has x's shape and is overwritten). */
    synchronized void scaleGradient(INDArray dy, INDArray xd, KernelMemory scratch, KernelMemory means) {
        OneDnn.bind(rowsX, HostArrays.address(dy, 0));
        OneDnn.bind(rowsOther, HostArrays.address(xd, 0));
        OneDnn.bind(rowsOut, scratch.address(0, xd.length()));
        product.run("multiplying squeeze-excitation's gradient");
        OneDnn.bind(x, scratch.address());
        OneDnn.bind(perChannel, means.address(0, perImageValues));
        pool.run("pooling squeeze-excitation's gradient");
    }

    /** dx = dy * s + d, s and d [N, C] broadcast over the pixels. */
    synchronized void inputGradient(INDArray dy, KernelMemory s, KernelMemory d, INDArray dx) {
        scale(dy, s, dx); // rowsOut is bound to dx
        OneDnn.bind(perImageToo, d.address(0, perImageValues));
        addInPlace.run("running squeeze-excitation's backward");
    }

    Object[] keepAlive() {
        return keepAlive;
    }
}
