package io.github.seer4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON object per line (JSON Lines) to a metrics file, flushed after every record. Numbers that JSON cannot
 * hold (NaN, infinities) are written as null with a {@code <name>_note} field saying why. A write error names the
 * file, the fix and the last good checkpoint.
 */
public final class MetricsWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;
    private final Path file;
    private final Path checkpoint;

    public MetricsWriter(Path file, boolean append) throws IOException {
        this(file, append, null);
    }

    /** @param checkpoint the run's checkpoint, named in write errors (null: none) */
    public MetricsWriter(Path file, boolean append, Path checkpoint) throws IOException {
        this.file = file;
        this.checkpoint = checkpoint;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    public void write(Map<String, ?> record) throws IOException {
        try {
            out.write(JSON.writeValueAsString(finite(record)));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** {@code record} with each NaN or infinite number replaced by null and a {@code _note} field saying what it was. */
    public static Map<String, Object> finite(Map<String, ?> record) {
        Map<String, Object> m = new LinkedHashMap<>();
        record.forEach((k, v) -> {
            if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
                m.put(k, null);
                m.put(k + "_note", "not a finite number (" + v + ")");
            } else {
                m.put(k, v);
            }
        });
        return m;
    }

    private IOException failure(IOException e) {
        return new IOException("cannot write " + file + ": " + (e.getMessage() == null ? e : e.getMessage())
                + "; free space or choose another --out" + (checkpoint == null ? ""
                : " (the last good checkpoint " + checkpoint + " is kept; --resume cuts the metrics back to it)"), e);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw failure(e);
        }
    }
}
