package io.github.seer4j.cli;

import io.github.seer4j.catalog.Catalog;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.designspace.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which network a sub-command builds: a preset name, a flop budget, or a spec file; at most one of them. */
final class ModelChoice {

    /** The network of pretrain and bench-step when no option chooses one. */
    static final String DEFAULT_MODEL = "RegNetY-200MF";

    @Option(names = "--model", paramLabel = "NAME", description = "A named RegNet, e.g. RegNetY-200MF ('seer4j models'"
            + " lists them). Without --model, --flops or --spec: " + DEFAULT_MODEL + ", for story the quickstart's 50 MF"
            + " RegNetY; probe --checkpoint random needs one.")
    String model;

    @Option(names = "--flops", paramLabel = "B", description = "A RegNetY fitted to this forward flop budget at 224 px,"
            + " e.g. 50e6 (the quickstart's model).")
    String flops;

    @Option(names = "--spec", paramLabel = "FILE", description = "A network spec file: canonical JSON (as 'catalog"
            + " export' writes) or pycls YAML (.yaml, .yml).")
    Path spec;

    /** Whether any of --model, --flops and --spec was given. */
    boolean given() {
        return model != null || flops != null || spec != null;
    }

    /** The chosen network, or {@link #DEFAULT_MODEL} when none of the options was given. */
    NetworkSpec resolveOrDefault() {
        return resolve(RegNet.named(DEFAULT_MODEL));
    }

    /** The chosen network, or {@code fallback} when none of the options was given. */
    NetworkSpec resolve(NetworkSpec fallback) {
        List<String> chosen = new ArrayList<>();
        if (model != null) {
            chosen.add("--model");
        }
        if (flops != null) {
            chosen.add("--flops");
        }
        if (spec != null) {
            chosen.add("--spec");
        }
        if (chosen.size() > 1) {
            throw Seer4j.bad(chosen.size() == 2 ? "give " + chosen.get(0) + " or " + chosen.get(1) + ", not both"
                    : "give only one of --model, --flops and --spec");
        }
        if (model != null) {
            return RegNet.named(model);
        }
        if (flops != null) {
            return RegNet.y().flops(Units.parseCount(flops)).build();
        }
        return spec != null ? read(spec) : fallback;
    }

    /** The one spec in a JSON, pycls YAML or VISSL YAML file (the catalog's readers, errors naming the file). */
    private static NetworkSpec read(Path file) {
        if (!Files.exists(file)) {
            throw Seer4j.bad("no file at --spec " + file + "; give a JSON, pycls YAML or VISSL YAML spec file, e.g. from"
                    + " 'seer4j catalog export --format json'");
        }
        return Catalog.importFile(file);
    }
}
