package io.github.seer4j.designspace;

import java.util.List;

/**
 * Model complexity counted the pycls way: one multiply-add is one flop, batch-norm parameters count (2 per
 * channel), and {@code acts} is the number of output elements of every convolution and linear layer.
 */
public record Complexity(long flops, long params, long acts) {

    public static final Complexity ZERO = new Complexity(0, 0, 0);

    public Complexity plus(Complexity other) {
        return new Complexity(flops + other.flops, params + other.params, acts + other.acts);
    }

    private static final int FLOPS = 0;
    private static final int PARAMS = 1;
    private static final int ACTS = 2;

    /**
     * One block after its first 1x1 convolution (which depends on the input size): a's BN, the 3x3 grouped
     * convolution at the output size, its BN, Squeeze-Excitation (global pool, 1x1 down with bias, 1x1 up with
     * bias), the last 1x1 and its BN.
     */
    private static long blockBody(long wb, long wOut, long gw, long area, long se, int what) {
        // a grouped 3x3 with wb / gw groups: 9 * wb * wb / groups = 9 * wb * gw (gw divides wb)
        return switch (what) {
            case FLOPS -> 9 * wb * gw * area + (se > 0 ? 2 * wb * se + se + wb : 0) + wb * wOut * area;
            case PARAMS -> 2 * wb + 9 * wb * gw + 2 * wb + (se > 0 ? 2 * wb * se + se + wb : 0)
                    + wb * wOut + 2 * wOut;
            default -> wb * area + (se > 0 ? se + wb : 0) + wOut * area;
        };
    }

    /** Complexity of {@code spec} for square inputs of {@code resolution} pixels. */
    public static Complexity of(NetworkSpec spec, int resolution) {
        Check.intIn("resolution", resolution, 1, 1 << 16);
        return count(spec.stem(), spec.stages(), spec.head(), resolution);
    }

    /** Walks stem, blocks and head, accumulating as pycls's {@code *_cx} functions do. */
    static Complexity count(StemSpec stem, List<StageSpec> stages, HeadSpec head, int resolution) {
        long flops = 0;
        long params = 0;
        long acts = 0;
        // stem: conv 3x3 stride 2 + BN
        long h = (resolution - 1) / 2 + 1;
        long w = stem.width();
        flops += 9L * stem.inChannels() * w * h * h;
        params += 9L * stem.inChannels() * w + 2 * w;
        acts += w * h * h;
        for (StageSpec s : stages) {
            long wOut = s.width();
            long wb = s.bottleneckWidth();
            long gw = s.groupWidth();
            // the first block (stride, projection); blocks 2..depth are identical to each other
            long h2 = (h - 1) / s.stride() + 1;
            if (w != wOut || s.stride() != 1) { // projection shortcut 1x1/stride + BN
                flops += w * wOut * h2 * h2;
                params += w * wOut + 2 * wOut;
                acts += wOut * h2 * h2;
            }
            long area2 = h2 * h2;
            flops += w * wb * h * h + blockBody(wb, wOut, gw, area2, s.seWidth((int) w), FLOPS);
            params += w * wb + blockBody(wb, wOut, gw, area2, s.seWidth((int) w), PARAMS);
            acts += wb * h * h + blockBody(wb, wOut, gw, area2, s.seWidth((int) w), ACTS);
            long rest = s.depth() - 1;
            if (rest > 0) {
                long se = s.seWidth((int) wOut);
                flops += rest * (wOut * wb * area2 + blockBody(wb, wOut, gw, area2, se, FLOPS));
                params += rest * (wOut * wb + blockBody(wb, wOut, gw, area2, se, PARAMS));
                acts += rest * (wb * area2 + blockBody(wb, wOut, gw, area2, se, ACTS));
            }
            h = h2;
            w = wOut;
        }
        if (head.present()) { // gap + linear with bias
            long n = head.numClasses();
            flops += w * n + n;
            params += w * n + n;
            acts += n;
        }
        return new Complexity(flops, params, acts);
    }
}
