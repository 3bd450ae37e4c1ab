package io.github.seer4j.cli;

import io.github.seer4j.designspace.NetworkSpec;
import picocli.CommandLine.Option;

/** Options that say at which input and head size a network is measured; shared by several sub-commands. */
final class ModelOptions {
    @Option(names = "--resolution", defaultValue = "224", description = "Input resolution in pixels (default ${DEFAULT-VALUE}).")
    int resolution;

    @Option(names = "--classes", defaultValue = "1000", description = "Classes of the head; 0 for no head (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--channels", defaultValue = "3", description = "Input channels, e.g. 1 for grayscale (default ${DEFAULT-VALUE}).")
    int channels;

    NetworkSpec apply(NetworkSpec spec) {
        return spec.withClasses(classes).withInputChannels(channels);
    }
}
