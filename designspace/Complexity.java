package designspace;

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
            long groups = s.groups();
            for (int i = 0; i < s.depth(); i++) {
                int stride = i == 0 ? s.stride() : 1;
                long h2 = (h - 1) / stride + 1;
                if (w != wOut || stride != 1) { // projection shortcut 1x1/stride + BN
                    flops += w * wOut * h2 * h2;
                    params += w * wOut + 2 * wOut;
                    acts += wOut * h2 * h2;
                }
                flops += w * wb * h * h; // a: 1x1
                params += w * wb + 2 * wb;
                acts += wb * h * h;
                flops += 9 * wb * wb * h2 * h2 / groups; // b: 3x3 grouped, stride
                params += 9 * wb * wb / groups + 2 * wb;
                acts += wb * h2 * h2;
                long se = s.seWidth((int) w);
                if (se > 0) { // SE: gap, 1x1 conv with bias down, 1x1 conv with bias up
                    flops += wb * se + se + se * wb + wb;
                    params += wb * se + se + se * wb + wb;
                    acts += se + wb;
                }
                flops += wb * wOut * h2 * h2; // c: 1x1 + BN
                params += wb * wOut + 2 * wOut;
                acts += wOut * h2 * h2;
                h = h2;
                w = wOut;
            }
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
