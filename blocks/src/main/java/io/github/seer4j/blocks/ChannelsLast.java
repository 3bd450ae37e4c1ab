package io.github.seer4j.blocks;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Image batches between PyTorch's NCHW layout (how images arrive and leave) and the NHWC layout the layers work on.
 * On the CPU engine the copy is one oneDNN reorder on the pass's threads (a 16 x 3 x 224 x 224 batch: about 1 ms,
 * where ND4J's permuted copy took 6-8 ms of a step); elsewhere, and for other data types, ND4J's permuted copy.
 */
public final class ChannelsLast {

    /** Reorder plans by (batch, channels, height, width, direction, threads). */
    private static final ConcurrentHashMap<List<Long>, Plan> PLANS = new ConcurrentHashMap<>();

    private ChannelsLast() {
    }

    /** [N, C, H, W] images as a new dense [N, H, W, C] tensor. */
    public static INDArray fromNchw(INDArray images) {
        return reordered(images, true);
    }

    /** [N, H, W, C] tensor (an image gradient) as a new dense [N, C, H, W] one. */
    public static INDArray toNchw(INDArray nhwc) {
        return reordered(nhwc, false);
    }

    private static INDArray reordered(INDArray x, boolean toChannelsLast) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("expected " + (toChannelsLast ? "NCHW images" : "an NHWC tensor")
                    + " of rank 4, got shape " + java.util.Arrays.toString(x.shape()));
        }
        if (!oneDnn(x)) {
            return toChannelsLast ? x.permute(0, 2, 3, 1).dup('c') : x.permute(0, 3, 1, 2).dup('c');
        }
        long[] s = x.shape();
        long n = s[0];
        long c = toChannelsLast ? s[1] : s[3];
        long h = toChannelsLast ? s[2] : s[1];
        long w = toChannelsLast ? s[3] : s[2];
        INDArray out = toChannelsLast ? Nd4j.createUninitialized(DataType.FLOAT, n, h, w, c)
                : Nd4j.createUninitialized(DataType.FLOAT, n, c, h, w);
        plan(n, c, h, w, toChannelsLast).run(HostArrays.dense(x), out);
        return out;
    }

    private static boolean oneDnn(INDArray x) {
        return HostArrays.usable(x) && OneDnn.enabled() && x.length() > 0;
    }

    private static Plan plan(long n, long c, long h, long w, boolean toChannelsLast) {
        int threads = OneDnn.threadsForValues(n * c * h * w);
        return PLANS.computeIfAbsent(List.of(n, c, h, w, toChannelsLast ? 1L : 0L, (long) threads),
                key -> OneDnn.planned(threads, () -> new Plan(n, c, h, w, toChannelsLast)));
    }

    /** One reorder between the two layouts of one geometry; calls are serialised (its memory objects are shared). */
    private static final class Plan {
        private final dnnl_memory from;
        private final dnnl_memory to;
        private final OneDnn.Call reorder;
        private final Object[] keepAlive;

        Plan(long n, long c, long h, long w, boolean toChannelsLast) {
            dnnl_memory_desc_t nchw = OneDnn.desc(dnnl_nchw, n, c, h, w);
            dnnl_memory_desc_t nhwc = OneDnn.desc(dnnl_nhwc, n, c, h, w);
            dnnl_memory_desc_t src = toChannelsLast ? nchw : nhwc;
            dnnl_memory_desc_t dst = toChannelsLast ? nhwc : nchw;
            from = OneDnn.memory(src, null);
            to = OneDnn.memory(dst, null);
            reorder = OneDnn.reorder(src, from, dst, to);
            keepAlive = new Object[] {nchw, nhwc};
        }

        synchronized void run(INDArray source, INDArray target) {
            OneDnn.bind(from, HostArrays.address(source, 0));
            OneDnn.bind(to, HostArrays.address(target, 0));
            reorder.run("reordering images between NCHW and NHWC");
            java.lang.ref.Reference.reachabilityFence(keepAlive);
        }
    }
}
