package io.github.seer4j.catalog;

import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Entry point of the catalog: export specs in any {@link CatalogFormat}, import JSON, pycls YAML or VISSL YAML
 * files. Folder exports are all or nothing: the files are written into a temporary folder beside the target, which
 * is then renamed; an existing target is replaced only when asked to ({@code force}).
 */
public final class Catalog {
    private static final String FILE_KINDS = "a spec file is JSON (seer4j spec, or what describe/fit/sample --json"
            + " print) or YAML (pycls or VISSL config)";

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
     * The files of an export: one per spec (one models.md for markdown), named after the spec, in order. Every file
     * is made before any is written, so a spec the format cannot describe fails the whole export, naming the spec.
     */
    public static Map<String, String> files(List<NetworkSpec> specs, CatalogFormat format, int resolution) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("nothing to export: the list of models is empty");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (format == CatalogFormat.MARKDOWN) {
            out.put("models.md", MarkdownTable.write(specs, resolution));
            return out;
        }
        Map<String, String> owner = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (NetworkSpec s : specs) {
            String file = fileName(s.name()) + format.extension();
            String before = owner.putIfAbsent(file, s.name());
            if (before != null) {
                throw new IllegalArgumentException("models " + before + " and " + s.name() + " would both be written"
                        + " to " + file + "; give them distinct names");
            }
            try {
                out.put(file, exportOne(s, format, resolution));
            } catch (InvalidDesignException e) {
                failed.put(s.name(), e.getMessage());
            }
        }
        if (failed.size() == 1) {
            Map.Entry<String, String> f = failed.entrySet().iterator().next();
            throw new InvalidDesignException("cannot export " + f.getKey() + " as " + format.cliName() + ": "
                    + f.getValue() + "; nothing was written");
        }
        if (!failed.isEmpty()) {
            throw new InvalidDesignException("cannot export " + failed.size() + " of the " + specs.size()
                    + " models as " + format.cliName() + " (" + String.join(", ", failed.keySet()) + "); the first: "
                    + failed.values().iterator().next() + "; nothing was written (choose the models with --models)");
        }
        return out;
    }

    /** {@link #exportTo(Path, List, CatalogFormat, int, boolean)} without replacing an existing {@code dir}. */
    public static List<Path> exportTo(Path dir, List<NetworkSpec> specs, CatalogFormat format, int resolution) {
        return exportTo(dir, specs, format, resolution, false);
    }

    /**
     * Writes one file per spec (one models.md for markdown) into the new folder {@code dir}, all or nothing;
     * returns the paths. An existing {@code dir} (folder or file) is replaced only when {@code force} is set.
     */
    public static List<Path> exportTo(Path dir, List<NetworkSpec> specs, CatalogFormat format, int resolution,
                                      boolean force) {
        return writeFolder(dir, files(specs, format, resolution), force);
    }

    /**
     * Writes {@code files} (name to content) as the folder {@code dir}, all or nothing: into a temporary folder
     * beside {@code dir}, renamed to {@code dir} once every file is written, and removed on failure. An existing
     * {@code dir} is refused unless {@code force}, which replaces it (the old one is removed after the rename).
     */
    public static List<Path> writeFolder(Path dir, Map<String, String> files, boolean force) {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new CatalogWriteException("cannot write " + dir + ": it is the file-system root; choose a folder"
                    + " inside it");
        }
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && !force) {
            throw new CatalogWriteException("cannot write " + dir + ": " + (Files.isDirectory(target)
                    ? "the folder" : "a file") + " already exists; choose another output, remove it, or add --force"
                    + " to replace it");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new CatalogWriteException("cannot create the folder " + parent + " for " + dir + ": " + reason(e)
                    + "; choose another output", e);
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new CatalogWriteException("cannot write into " + parent + " (for " + dir + "): " + reason(e)
                    + "; choose another output", e);
        }
        List<Path> out = new ArrayList<>();
        String current = null;
        boolean done = false;
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                current = f.getKey();
                Files.writeString(tmp.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
                out.add(dir.resolve(f.getKey()));
            }
            current = null;
            if (exists) {
                Path old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
                Path aside = old.resolve("previous");
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                    throw e;
                }
                deleteQuietly(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            done = true;
            return out;
        } catch (IOException e) {
            String what = current == null ? dir.toString() : dir.resolve(current).toString();
            throw new CatalogWriteException("cannot write " + what + ": " + reason(e) + "; nothing was written,"
                    + " choose another output or free the space", e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Writes {@code text} to {@code file} atomically (a temporary file beside it, then a rename), replacing an
     * existing file; the parent folders are created. On failure nothing is left and the message names the file.
     */
    public static Path writeFile(Path file, String text) {
        Path target = file.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (Files.isDirectory(target)) {
            throw new CatalogWriteException("cannot write " + file + ": a folder is in the way; remove it or choose"
                    + " another output");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new CatalogWriteException("cannot create the folder " + parent + " for " + file + ": " + reason(e)
                    + "; choose another output", e);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(parent, "." + target.getFileName() + ".tmp-", "");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new CatalogWriteException("cannot write " + file + ": " + reason(e) + "; nothing was written,"
                    + " choose another output or free the space", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the leftover is named .NAME.tmp-* beside the file
                }
            }
        }
    }

    /**
     * Reads every spec in a JSON file (.json, or text starting with { or [), a pycls or VISSL YAML config (a VISSL
     * one has a top-level {@code config}) or a torchvision snippet (.py) as {@link TorchvisionArgs} writes it.
     */
    public static List<NetworkSpec> importAll(Path file) {
        String text = readText(file);
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean json = lower.endsWith(".json");
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        if (lower.endsWith(".py")) {
            return List.of(TorchvisionArgs.read(file.toString(), text));
        }
        if (!json && !yaml) {
            String start = text.stripLeading();
            json = start.startsWith("{") || start.startsWith("[");
        }
        if (json) {
            return SpecJson.readAll(file.toString(), text);
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        LocatedNode root = LocatedDocument.yaml(file.toString(), text).root();
        if (root.node().isObject() && root.has("config") && !root.has("MODEL")) {
            return List.of(VisslConfig.read(root, text, base));
        }
        return List.of(PyclsYaml.read(root, text, base));
    }

    /** Reads the single spec in a JSON, pycls YAML or VISSL YAML file. */
    public static NetworkSpec importFile(Path file) {
        List<NetworkSpec> all = importAll(file);
        if (all.size() != 1) {
            throw new CatalogFileException(file.toString(), "holds " + all.size() + " specs, expected one; keep"
                    + " one or export the one you want (catalog export --models NAME --format json)");
        }
        return all.get(0);
    }

    /**
     * The text of a spec file, strictly UTF-8 (a leading byte-order mark is dropped). Fails with a
     * {@link CatalogFileException} naming the file and the problem: missing, a folder, unreadable, not UTF-8.
     */
    public static String readText(Path file) {
        String f = file.toString();
        if (Files.isDirectory(file)) {
            throw new CatalogFileException(f, "is a folder; give a spec file (.json, or .yaml for pycls/VISSL)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CatalogFileException(f, "no such file; check the path");
        } catch (AccessDeniedException e) {
            throw new CatalogFileException(f, "permission denied; make the file readable");
        } catch (IOException e) {
            throw new CatalogFileException(f, "cannot read: " + reason(e));
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            throw new CatalogFileException(f, String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02x at offset %d);"
                    + " %s", bytes[Math.min(at, bytes.length - 1)] & 0xff, at, FILE_KINDS));
        }
        out.flip();
        String text = out.toString();
        if (text.indexOf('\0') >= 0) {
            throw new CatalogFileException(f, "binary data (a NUL byte at character " + text.indexOf('\0') + "); "
                    + FILE_KINDS);
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A short reason for an I/O failure: "permission denied", "no such folder", "a file is in the way", ... */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "something already exists there";
        }
        if (e instanceof NotDirectoryException) {
            return "a file is in the way of a folder";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temporary folder is named .NAME.tmp-* beside the target
                }
            });
        } catch (IOException ignored) {
            // best effort, as above
        }
    }

    /** A file-system-safe version of a model name: "RegNetY-1.6GF" stays, "a/b c" becomes "a_b_c". */
    static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
