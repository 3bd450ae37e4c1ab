package io.github.seer4j.designspace;

/** The simple ImageNet stem: 3x3 convolution with stride 2, batch norm, ReLU. */
public record StemSpec(int inChannels, int width) {
    public static final int DEFAULT_WIDTH = 32;

    public StemSpec {
        Check.intIn("inChannels", inChannels, 1, 4096);
        Check.intIn("stemWidth", width, 1, 65536);
    }

    private static final StemSpec RGB = new StemSpec(3, DEFAULT_WIDTH);

    /** 3 input channels, 32 wide. */
    public static StemSpec rgb() {
        return RGB;
    }
}
