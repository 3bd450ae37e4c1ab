package io.github.seer4j.catalog;

import io.github.seer4j.designspace.NetworkSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Entry point of the catalog: export specs in any {@link CatalogFormat}, import JSON or pycls YAML files. */
public final class Catalog {
    private Catalog() {}

    /** All specs in one text (JSON array, YAML documents separated by "---", one markdown table, ...). */
    public static String export(List<NetworkSpec> specs, CatalogFormat format, int resolution) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("nothing to export: the list of models is empty");
        }
        return switch (format) {
            case JSON -> specs.size() == 1 ? SpecJson.write(specs.get(0), resolution)
                    : SpecJson.writeAll(specs, resolution);
            case MARKDOWN -> MarkdownTable.write(specs, resolution);
            default -> {
                List<String> parts = new ArrayList<>();
                for (NetworkSpec s : specs) {
                    parts.add(exportOne(s, format, resolution));
                }
                yield String.join(format == CatalogFormat.TORCHVISION ? "\n" : "---\n", parts);
            }
        };
    }

    /** One spec in one format. */
    public static String exportOne(NetworkSpec spec, CatalogFormat format, int resolution) {
        return switch (format) {
            case JSON -> SpecJson.write(spec, resolution);
            case YAML_PYCLS -> PyclsYaml.write(spec, resolution);
            case TORCHVISION -> TorchvisionArgs.write(spec);
            case VISSL -> VisslConfig.write(spec);
            case MARKDOWN -> MarkdownTable.write(List.of(spec), resolution);
        };
    }

    /**
     * Writes one file per spec into {@code dir} (one table for markdown), named after the spec; returns the paths.
     */
    public static List<Path> exportTo(Path dir, List<NetworkSpec> specs, CatalogFormat format, int resolution) {
        try {
            Files.createDirectories(dir);
            List<Path> out = new ArrayList<>();
            if (format == CatalogFormat.MARKDOWN) {
                Path p = dir.resolve("models.md");
                Files.writeString(p, MarkdownTable.write(specs, resolution), StandardCharsets.UTF_8);
                return List.of(p);
            }
            Map<String, NetworkSpec> byFile = new LinkedHashMap<>();
            for (NetworkSpec s : specs) {
                String file = fileName(s.name()) + format.extension();
                if (byFile.putIfAbsent(file, s) != null) {
                    throw new IllegalArgumentException("two models would both be written to " + file
                            + "; give them distinct names");
                }
            }
            for (Map.Entry<String, NetworkSpec> e : byFile.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.writeString(p, exportOne(e.getValue(), format, resolution), StandardCharsets.UTF_8);
                out.add(p);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads every spec in a JSON (.json) or pycls YAML (.yaml/.yml) file. */
    public static List<NetworkSpec> importAll(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return SpecJson.readAll(file.toString(), text);
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            String base = name.substring(0, name.lastIndexOf('.'));
            return List.of(PyclsYaml.read(file.toString(), text, base));
        }
        throw new IllegalArgumentException("cannot tell the format of " + file
                + ": name it .json (seer4j spec) or .yaml/.yml (pycls config)");
    }

    /** Reads the single spec in a JSON or pycls YAML file. */
    public static NetworkSpec importFile(Path file) {
        List<NetworkSpec> all = importAll(file);
        if (all.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + all.size() + " specs; expected one");
        }
        return all.get(0);
    }

    /** A file-system-safe version of a model name: "RegNetY-1.6GF" stays, "a/b c" becomes "a_b_c". */
    static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
