package io.github.seer4j.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The files a run did not use, one {@code path<TAB>reason} line each (a header first), written as they are found
 * and flushed line by line; safe to call from several threads; each path is logged once. Tabs and line breaks inside
 * a name or reason are written as {@code \t} and {@code \n}; names that are not valid UTF-8 show U+FFFD where their
 * bad bytes are.
 */
public final class SkipLog implements AutoCloseable {

    /** The skip log's file name inside a run folder. */
    public static final String FILE = "skipped.tsv";

    private final Path file;
    private final BufferedWriter out;
    private final Set<String> seen = new HashSet<>();

    private SkipLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** A log that writes {@code file} (replacing an old one); {@code null} gives a log that only counts. */
    public static SkipLog to(Path file) throws IOException {
        if (file == null) {
            return new SkipLog(null, null);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write("path\treason\n");
        w.flush();
        return new SkipLog(file, w);
    }

    /**
     * With {@code append} and an existing log (a resumed run): keeps its lines, knows their paths, and appends;
     * otherwise as {@link #to(Path)}.
     */
    public static SkipLog to(Path file, boolean append) throws IOException {
        if (!append || !Files.isRegularFile(file)) {
            return to(file);
        }
        java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        SkipLog log = new SkipLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND));
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            int tab = line.indexOf('\t');
            log.seen.add(tab < 0 ? line : line.substring(0, tab));
        }
        return log;
    }

    /** A log that keeps count in memory only (tests, benchmarks). */
    public static SkipLog inMemory() {
        return new SkipLog(null, null);
    }

    /** Records that {@code path} was skipped because of {@code reason}; a path already logged is not repeated. */
    public synchronized void skip(Path path, String reason) {
        String p = escape(path.toString());
        if (!seen.add(p)) {
            return;
        }
        if (out != null) {
            try {
                out.write(p + "\t" + escape(reason) + "\n");
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the skip log " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Files skipped so far. */
    public synchronized int count() {
        return seen.size();
    }

    /** Whether {@code path} has been logged. */
    public synchronized boolean contains(Path path) {
        return seen.contains(escape(path.toString()));
    }

    /** The log file, or null for an in-memory log. */
    public Path file() {
        return file;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
