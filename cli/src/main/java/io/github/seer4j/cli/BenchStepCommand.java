package io.github.seer4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.seer4j.designspace.NetworkSpec;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.github.seer4j.regnet.StepBenchmark;

/** {@code seer4j bench-step}: times RegNet training steps (forward + backward + SGD update) on synthetic images. */
@Command(name = "bench-step", mixinStandardHelpOptions = true,
        description = {"Time training steps of a RegNet on synthetic data and compare with the machine's gemm rate.",
            "On a machine shared with other busy processes set OMP_WAIT_POLICY=PASSIVE: oneDNN's OpenMP threads "
                    + "otherwise spin against them and the steps run several times slower."})
public final class BenchStepCommand implements Callable<Integer> {

    @Mixin
    ModelChoice model = new ModelChoice();

    @picocli.CommandLine.Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--resolution", defaultValue = "32", description = "square image size in pixels")
    int resolution;

    @Option(names = "--batch", defaultValue = "64", description = "images per step")
    int batch;

    @Option(names = "--channels", defaultValue = "3", description = "image channels (1 grayscale, 3 RGB)")
    int channels;

    @Option(names = "--steps", defaultValue = "20", description = "timed steps")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps first, at least (workspace learning)")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "untimed steps for at least this long first (the JIT compiles the kernels)")
    double warmupSeconds;

    @Option(names = "--no-workspace", description = "allocate every step afresh instead of reusing a workspace")
    boolean noWorkspace;

    @Option(names = "--double", description = "double precision instead of float")
    boolean doublePrecision;

    @Option(names = "--profile", description = "time each kind of layer work (adds a little overhead)")
    boolean profile;

    @Option(names = "--json", description = "print one JSON object (only) on stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        NetworkSpec spec = model.resolveOrDefault();
        StepBenchmark.Result r = StepBenchmark.run(new StepBenchmark.Settings(spec, resolution, batch,
                channels, steps, warmup, warmupSeconds, !noWorkspace, doublePrecision ? DataType.DOUBLE : DataType.FLOAT, profile,
                engine.threads()));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(r));
        } else {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        }
        return 0;
    }
}
