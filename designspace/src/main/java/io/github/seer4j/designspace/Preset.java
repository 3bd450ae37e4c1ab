package io.github.seer4j.designspace;

/**
 * A named model: its generator parameters, where the name comes from, and a note for the catalog.
 *
 * @param source "pycls", "torchvision", "ClassyVision" or "VISSL/SEER"
 */
public record Preset(String name, RegNetParams params, String source, String note) {

    public NetworkSpec spec() {
        return params.generate(name, 1000);
    }
}
