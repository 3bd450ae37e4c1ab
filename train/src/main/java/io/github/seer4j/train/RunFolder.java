package io.github.seer4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run folder's ownership: one writer at a time (an exclusive lock on {@code .lock}, held for the run's life),
 * fresh runs refused in a used folder unless forced, temporary files of interrupted writes removed at start, and on
 * resume {@code metrics.jsonl} cut back to the checkpoint's iteration (dropping the lines of iterations that will be
 * run again and any half-written last line).
 */
public final class RunFolder implements Closeable {

    public static final String LOCK_FILE = ".lock";
    public static final String CHECKPOINT_FILE = "checkpoint.bin";
    public static final String METRICS_FILE = "metrics.jsonl";

    /** Another process (or another run in this JVM) owns the folder. */
    public static final class BusyException extends IOException {
        BusyException(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Refuses (before anything is built) a fresh run into a folder that already holds a run, unless {@code force}.
     */
    public static void checkFresh(Path dir, boolean force) {
        if (!force && (Files.exists(dir.resolve(CHECKPOINT_FILE)) || Files.exists(dir.resolve(METRICS_FILE)))) {
            throw new IllegalArgumentException(dir + " already holds a run (" + CHECKPOINT_FILE + " or " + METRICS_FILE
                    + "); continue it with --resume, replace it with --force, or choose a new --out");
        }
    }

    /**
     * Takes ownership of {@code dir} (created if needed): locks it, checks a fresh run is allowed, removes stale
     * temporary files. A second writer gets a {@link BusyException} naming the folder.
     */
    public static RunFolder open(Path dir, boolean resume, boolean force) throws IOException {
        if (dir.toString().isEmpty()) {
            throw new IllegalArgumentException("the run folder is an empty path; give --out a folder name");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the run folder " + dir + ": " + e + "; choose another --out", e);
        }
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new BusyException("another run is writing " + dir + " (it holds " + dir.resolve(LOCK_FILE)
                    + "); wait for it to finish or choose another --out");
        }
        RunFolder f = new RunFolder(dir, ch, lock);
        try {
            if (!resume) {
                checkFresh(dir, force);
            }
            f.removeStaleTemporaryFiles();
        } catch (RuntimeException | IOException e) {
            f.close();
            throw e;
        }
        return f;
    }

    public Path dir() {
        return dir;
    }

    /** Deletes the temporary files ({@code *.tmp}) that interrupted atomic writes left; returns them. */
    public List<Path> removeStaleTemporaryFiles() throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    Files.delete(p);
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    /**
     * Cuts {@code metrics.jsonl} after the last complete line whose iteration is at most {@code iteration}: lines of
     * iterations a resumed run repeats, and a half line a crash or a full disk left, are dropped. Returns the lines kept.
     */
    public long truncateMetrics(long iteration) throws IOException {
        return truncateMetrics(dir.resolve(METRICS_FILE), iteration);
    }

    /** As {@link #truncateMetrics(long)} for any JSON Lines file (e.g. a data-parallel rank's metrics). */
    public static long truncateMetrics(Path file, long iteration) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] all = Files.readAllBytes(file);
        long keep = 0;
        long lines = 0;
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            String line = new String(all, start, i - start, StandardCharsets.UTF_8);
            Long it = iterationOf(line);
            if (it == null || it > iteration) {
                break;
            }
            keep = i + 1;
            lines++;
            start = i + 1;
        }
        if (keep < all.length) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(keep);
                raf.getFD().sync();
            } catch (IOException e) {
                throw new IOException("cannot shorten " + file + " to the checkpoint's iteration " + iteration + ": " + e
                        + "; check the folder's permissions and free space", e);
            }
        }
        return lines;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The "iteration" of a complete JSON object line; null for a half line or a line without one. */
    private static Long iterationOf(String line) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() && n.path("iteration").canConvertToLong()
                    && n.path("iteration").isIntegralNumber() ? n.get("iteration").asLong() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
