package io.github.seer4j.cli;

import io.github.seer4j.catalog.SpecJson;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.designspace.Rounding;
import io.github.seer4j.designspace.SpecSummary;
import java.util.concurrent.Callable;
import io.github.seer4j.regnet.RegNetNetwork;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code describe MODEL | --depth .. --w0 .. --wa .. --wm .. --group-width ..}: shape and cost of one network. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Print the per-stage shape and the complexity (flops, params, acts) of a preset or of RegNet generator numbers.")
final class DescribeCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "A preset name, e.g. RegNetY-400MF (see 'models').")
    String model;

    @ArgGroup(exclusive = false)
    GeneratorOptions generator;

    @Mixin
    ModelOptions at;

    @Option(names = "--json", description = "Print the spec as the catalog's canonical JSON (with its complexity), which 'catalog import' and --spec read.")
    boolean json;

    @Option(names = "--build", description = "Also build the network on ND4J and report builtParams, the count of its real parameters.")
    boolean build;

    /** The six RegNet generator numbers plus rounding. */
    static final class GeneratorOptions {
        @Option(names = "--depth", required = true) int depth;
        @Option(names = "--w0", required = true) int w0;
        @Option(names = "--wa", required = true) double wa;
        @Option(names = "--wm", required = true) double wm;
        @Option(names = "--group-width", required = true) int groupWidth;
        @Option(names = "--se", defaultValue = "0.0", description = "SE ratio: 0.25 for RegNetY, 0 for RegNetX (default 0).") double se;
        @Option(names = "--bottleneck", defaultValue = "1.0") double bottleneck;
        @Option(names = "--rounding", defaultValue = "pycls", description = "pycls (default) or torchvision.") String rounding;
    }

    @Override
    public Integer call() {
        NetworkSpec spec;
        if (model != null && generator != null) {
            throw Seer4j.bad("give a model name or generator numbers (--depth --w0 --wa --wm --group-width), not both");
        } else if (model != null) {
            spec = RegNet.named(model);
        } else if (generator != null) {
            GeneratorOptions g = generator;
            spec = (g.se > 0 ? RegNet.y() : RegNet.x()).se(g.se).depth(g.depth).w0(g.w0).wa(g.wa).wm(g.wm)
                    .groupWidth(g.groupWidth).bottleneck(g.bottleneck).rounding(Rounding.parse(g.rounding)).build();
        } else {
            throw Seer4j.bad("describe needs a model name (e.g. RegNetY-400MF) or --depth --w0 --wa --wm --group-width");
        }
        NetworkSpec measured = at.apply(spec);
        SpecSummary summary = SpecSummary.of(measured, at.resolution);
        Long builtParams = build ? RegNetNetwork.builtParameterCount(measured) : null;
        if (json) {
            // the catalog's canonical spec: 'catalog import' and '--spec FILE' read it back
            System.out.print(builtParams == null ? SpecJson.write(measured, at.resolution)
                    : SpecJson.write(measured, at.resolution, builtParams));
        } else {
            Output.table(System.out, summary);
            if (builtParams != null) {
                System.out.printf("  built on ND4J: %,d parameters (%s)%n", builtParams,
                        builtParams == summary.params() ? "equal to the count above" : "DIFFERS from the count above");
            }
        }
        return 0;
    }
}
