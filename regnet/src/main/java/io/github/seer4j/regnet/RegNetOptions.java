package io.github.seer4j.regnet;

import io.github.seer4j.designspace.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How to build a {@link RegNetNetwork} from a spec: input channels and classifier size (each {@code null} = keep the
 * spec's), floating-point type and initialisation seed. Immutable; start from {@link #defaults()}.
 *
 * @param inputChannels image channels (1 for grayscale, 3 for RGB), or null for the spec's stem input
 * @param classes       classifier outputs, 0 for no head (the trunk's pooled features), or null for the spec's head
 * @param dataType      FLOAT or DOUBLE
 * @param seed          weight-initialisation seed
 */
public record RegNetOptions(Integer inputChannels, Integer classes, DataType dataType, long seed) {

    public RegNetOptions {
        if (inputChannels != null && inputChannels < 1) {
            throw new IllegalArgumentException("input channels must be >= 1 (1 grayscale, 3 RGB), got " + inputChannels);
        }
        if (classes != null && classes < 0) {
            throw new IllegalArgumentException("classes must be >= 0 (0 = no head), got " + classes);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, got " + dataType);
        }
    }

    /** The spec's input channels and head, FLOAT, seed 0. */
    public static RegNetOptions defaults() {
        return new RegNetOptions(null, null, DataType.FLOAT, 0L);
    }

    public RegNetOptions withInputChannels(int channels) {
        return new RegNetOptions(channels, classes, dataType, seed);
    }

    public RegNetOptions withClasses(int numClasses) {
        return new RegNetOptions(inputChannels, numClasses, dataType, seed);
    }

    /** No classifier: the network outputs the global-pooled last-stage features [N, C] (the SSL trunk). */
    public RegNetOptions withoutHead() {
        return withClasses(0);
    }

    public RegNetOptions withDataType(DataType type) {
        return new RegNetOptions(inputChannels, classes, type, seed);
    }

    public RegNetOptions withSeed(long newSeed) {
        return new RegNetOptions(inputChannels, classes, dataType, newSeed);
    }

    /** The spec with these options' overrides applied. */
    public NetworkSpec apply(NetworkSpec spec) {
        NetworkSpec out = spec;
        if (inputChannels != null) {
            out = out.withInputChannels(inputChannels);
        }
        if (classes != null) {
            out = out.withClasses(classes);
        }
        return out;
    }
}
