package io.github.seer4j.cli;

import io.github.seer4j.catalog.SpecJson;
import io.github.seer4j.designspace.ConstrainedSampler;
import io.github.seer4j.designspace.Constraints;
import io.github.seer4j.designspace.DesignSpace;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.SamplingBenchmark;
import io.github.seer4j.designspace.SpecSummary;
import io.github.seer4j.designspace.Units;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sample --space RegNetY --n 100 --seed 1 [--flops-min .. --flops-max ..] --json}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample networks from a design space under complexity constraints (rejection sampling, seeded).")
final class SampleCommand implements Callable<Integer> {

    @Option(names = "--space", defaultValue = "RegNetY", description = "RegNetX, RegNetY, AnyNetXA..AnyNetXE (default ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--n", defaultValue = "10", description = "Number of networks (default ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--flops-min", defaultValue = "0", description = "e.g. 360e6 or 360MF; 0 = unbounded.") String flopsMin;
    @Option(names = "--flops-max", defaultValue = "0") String flopsMax;
    @Option(names = "--params-min", defaultValue = "0") String paramsMin;
    @Option(names = "--params-max", defaultValue = "0") String paramsMax;
    @Option(names = "--acts-min", defaultValue = "0") String actsMin;
    @Option(names = "--acts-max", defaultValue = "0") String actsMax;

    @Option(names = "--stages", defaultValue = "4",
            description = "Required number of stages (pycls's default [4, 4]); 0 = any (default ${DEFAULT-VALUE}).")
    int stages;

    @Option(names = "--bench", description = "Instead of printing networks, time generating and pricing --n of them on one thread.")
    boolean bench;

    @Mixin
    ModelOptions at;

    @Option(names = "--json", description = "Print a JSON list of the catalog's canonical specs (with --bench: the timing), which 'catalog import' reads.")
    boolean json;

    @Override
    public Integer call() {
        DesignSpace ds = DesignSpace.named(space);
        Constraints c = new Constraints(at.resolution, at.classes, Units.parseCount(flopsMin),
                Units.parseCount(flopsMax), Units.parseCount(paramsMin), Units.parseCount(paramsMax),
                Units.parseCount(actsMin), Units.parseCount(actsMax), stages, stages);
        if (n < 1) {
            throw Seer4j.bad("--n must be at least 1, got " + n);
        }
        if (bench) {
            SamplingBenchmark.Result r = SamplingBenchmark.run(ds, c, n, seed);
            if (json) {
                Output.json(System.out, r);
            } else {
                System.out.printf("%s: %,d specs generated and priced in %.2f s = %,.0f specs/s (%,d met the constraints)%n",
                        r.space(), r.specs(), r.seconds(), r.specsPerSecond(), r.accepted());
            }
            return 0;
        }
        if (n > 1_000_000) {
            throw Seer4j.bad("--n above 1,000,000 prints too much; use --bench to time large samples");
        }
        List<NetworkSpec> specs = new ConstrainedSampler(ds, c).sample((int) n, seed);
        List<NetworkSpec> withChannels = specs.stream().map(s -> s.withInputChannels(at.channels)).toList();
        if (json) {
            System.out.print(SpecJson.writeAll(withChannels, at.resolution));
        } else {
            Output.tables(System.out, withChannels.stream().map(s -> SpecSummary.of(s, at.resolution)).toList());
        }
        return 0;
    }
}
