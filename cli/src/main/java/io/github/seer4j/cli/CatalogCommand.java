package io.github.seer4j.cli;

import io.github.seer4j.catalog.Catalog;
import io.github.seer4j.catalog.CatalogFormat;
import io.github.seer4j.catalog.CatalogWriteException;
import io.github.seer4j.catalog.SpecJson;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.Preset;
import io.github.seer4j.designspace.Presets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import io.github.seer4j.search.SearchResults;

/** {@code seer4j catalog export|import}: export chosen specs to JSON, pycls YAML, torchvision, VISSL, markdown. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Export chosen models (presets or a search's best) and import JSON / pycls YAML specs.",
        subcommands = {CatalogCommand.Export.class, CatalogCommand.Import.class})
public final class CatalogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code catalog export}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export models. Formats: json, yaml-pycls, torchvision, vissl, markdown. Without --out the"
                    + " text goes to stdout; with --out one file per model (one models.md for markdown).")
    static final class Export implements Callable<Integer> {
        @Option(names = "--models", split = ",", paramLabel = "NAME",
                description = "preset names, comma-separated (e.g. RegNetY-400MF,RegNetY-800MF), or 'all'")
        List<String> models = new ArrayList<>();

        @Option(names = "--from", paramLabel = "DIR", description = "a search directory (results.jsonl)")
        List<Path> from = new ArrayList<>();

        @Option(names = "--top", defaultValue = "5", description = "with --from: the best N candidates (default 5)")
        int top;

        @Option(names = "--format", required = true, description = "json, yaml-pycls, torchvision, vissl, markdown")
        String format;

        @Option(names = "--resolution", defaultValue = "224",
                description = "input resolution for the complexity columns (default 224)")
        int resolution;

        @Option(names = "--out", paramLabel = "DIR", description = "output directory, written all or nothing; it must"
                + " not exist unless --force (default: stdout)")
        Path out;

        @Option(names = "--force", description = "replace an existing --out (file or folder) once the export is complete")
        boolean force;

        @Override
        public Integer call() {
            CatalogFormat f = CatalogFormat.parse(format);
            if (models.isEmpty() && from.isEmpty()) {
                throw Seer4j.bad("give --models NAME,... or --from SEARCH_DIR");
            }
            if (top < 1) {
                throw Seer4j.bad("--top must be at least 1, got " + top);
            }
            List<NetworkSpec> specs = new ArrayList<>();
            for (String m : models) {
                if (m.equalsIgnoreCase("all")) {
                    Presets.all().stream().map(Preset::spec).forEach(specs::add);
                } else {
                    specs.add(Presets.get(m.trim()).spec());
                }
            }
            for (Path dir : from) {
                specs.addAll(SearchResults.read(dir).best(top).stream().map(r -> r.spec()).toList());
            }
            if (out == null) {
                System.out.print(Catalog.export(specs, f, resolution));
                return 0;
            }
            try {
                for (Path p : Catalog.exportTo(out, specs, f, resolution, force)) {
                    System.err.println("wrote " + p);
                }
            } catch (CatalogWriteException e) {
                System.err.println("seer4j: " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }

    /** {@code catalog import FILE}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read a seer4j JSON spec (also what describe, fit and sample print with --json), a pycls or"
                    + " VISSL YAML config, or a torchvision snippet (.py) and print the spec as canonical JSON.")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "a .json (seer4j spec), .yaml/.yml (pycls or VISSL config) or"
                + " .py (catalog export --format torchvision) file")
        Path file;

        @Option(names = "--resolution", defaultValue = "224", description = "resolution of the complexity block")
        int resolution;

        @Override
        public Integer call() {
            List<NetworkSpec> specs = Catalog.importAll(file);
            System.out.print(specs.size() == 1 ? SpecJson.write(specs.get(0), resolution)
                    : SpecJson.writeAll(specs, resolution));
            return 0;
        }
    }
}
