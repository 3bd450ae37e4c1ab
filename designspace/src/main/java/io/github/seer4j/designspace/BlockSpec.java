package io.github.seer4j.designspace;

/**
 * One residual bottleneck block, fully resolved: 1x1 ({@code inWidth -> bottleneckWidth}), 3x3 grouped with
 * {@code stride}, optional Squeeze-Excitation of width {@code seWidth}, 1x1 to {@code outWidth}; a 1x1 projection
 * shortcut with batch norm when {@code projection} is true.
 */
public record BlockSpec(int stage, int index, int inWidth, int outWidth, int stride, int bottleneckWidth,
                        int groupWidth, int seWidth) {

    public int groups() {
        return bottleneckWidth / groupWidth;
    }

    public boolean projection() {
        return inWidth != outWidth || stride != 1;
    }

    public boolean squeezeExcitation() {
        return seWidth > 0;
    }
}
