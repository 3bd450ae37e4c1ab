package io.github.seer4j.designspace;

/**
 * The classification head: global average pool then a fully connected layer with bias to {@code numClasses}
 * outputs. {@code numClasses == 0} means no head (the trunk alone, as self-supervised pretraining uses it).
 */
public record HeadSpec(int numClasses) {
    public HeadSpec {
        Check.intIn("classes", numClasses, 0, 10_000_000);
    }

    public static HeadSpec none() {
        return new HeadSpec(0);
    }

    public boolean present() {
        return numClasses > 0;
    }
}
