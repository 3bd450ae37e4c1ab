package io.github.seer4j.cli;

import io.github.seer4j.catalog.SpecJson;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.designspace.SpecSummary;
import io.github.seer4j.designspace.Units;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fit --flops 1.7e9 [--space RegNetY] --json}: a good RegNet within 2% of a FLOP budget. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Find a RegNet within 2%% of a FLOP budget, preferring wm ~2.5, depth ~20, 4 stages (deterministic).")
final class FitCommand implements Callable<Integer> {

    @Option(names = "--flops", required = true, description = "Budget, e.g. 1.7e9, 1.7GF, 400MF.")
    String flops;

    @Option(names = "--space", defaultValue = "RegNetY", description = "RegNetY or RegNetX (default ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--depth", description = "Fix the depth instead of searching it.")
    Integer depth;

    @Option(names = "--wm", description = "Fix the width multiplier instead of searching it.")
    Double wm;

    @Option(names = "--group-width", description = "Fix the group width instead of searching it.")
    Integer groupWidth;

    @Mixin
    ModelOptions at;

    @Option(names = "--json", description = "Print the spec as the catalog's canonical JSON (with its complexity), which 'catalog import' and --spec read.")
    boolean json;

    @Override
    public Integer call() {
        RegNet.Builder b = switch (space.toLowerCase(java.util.Locale.ROOT)) {
            case "regnety" -> RegNet.y();
            case "regnetx" -> RegNet.x();
            default -> throw Seer4j.bad("fit supports --space RegNetY or RegNetX, got '" + space + "'");
        };
        b = b.resolution(at.resolution).classes(at.classes).inputChannels(at.channels).flops(Units.parseCount(flops));
        if (depth != null) {
            b = b.depth(depth);
        }
        if (wm != null) {
            b = b.wm(wm);
        }
        if (groupWidth != null) {
            b = b.groupWidth(groupWidth);
        }
        NetworkSpec spec = b.build();
        SpecSummary s = SpecSummary.of(spec, at.resolution);
        if (json) {
            System.out.print(SpecJson.write(spec, at.resolution));
        } else {
            Output.table(System.out, s);
        }
        return 0;
    }
}
