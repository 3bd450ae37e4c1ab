package designspace;

/** The simple ImageNet stem: 3x3 convolution with stride 2, batch norm, ReLU. */
public record StemSpec(int inChannels, int width) {
    public static final int DEFAULT_WIDTH = 32;

    public StemSpec {
        Check.intIn("inChannels", inChannels, 1, 4096);
        Check.intIn("stemWidth", width, 1, 65536);
    }

    public static StemSpec rgb() {
        return new StemSpec(3, DEFAULT_WIDTH);
    }
}
