package io.github.seer4j.cli;

import io.github.seer4j.blocks.EngineThreads;
import io.github.seer4j.blocks.Kernels;
import picocli.CommandLine.Option;

/**
 * How the engine runs a command's networks, the same on every command that trains or evaluates: the threads a pass
 * uses and the convolutions' precision. Applied process-wide before any network runs.
 */
public final class EngineOptions {

    @Option(names = "--threads", description = "threads each training or evaluation pass uses (default: this "
            + "machine's processors)")
    Integer threads;

    @Option(names = "--bf16", description = "convolutions in bfloat16 (opt-in mixed precision for CPUs with "
            + "AVX512-BF16: inputs, weights and outputs rounded to bf16, sums and weight gradients in float; batch "
            + "norm, heads and the update stay float)")
    boolean bf16;

    /** Sets the engine's threads and the convolutions' precision for this process. */
    void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw Seer4j.bad("--threads must be at least 1, got " + threads);
            }
            EngineThreads.set(threads);
        }
        if (bf16) {
            Kernels.bf16Convolutions(true);
        }
    }

    /** The threads a pass uses once applied. */
    int threads() {
        return threads != null ? threads : EngineThreads.threads();
    }
}
