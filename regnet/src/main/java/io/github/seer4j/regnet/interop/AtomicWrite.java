package io.github.seer4j.regnet.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a file all-or-nothing: the bytes go to a temporary file beside the target, which is then renamed over it. */
public final class AtomicWrite {

    /** What writes the file's bytes. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {
    }

    /**
     * Writes {@code file} through {@code body}; refuses an existing file unless {@code force}. On any failure the
     * target is untouched and no temporary file is left.
     */
    public static void write(Path file, boolean force, Body body) throws IOException {
        refuseExisting(file, force);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // a new file under the umask's permissions (createTempFile would make it owner-only)
        Path tmp = (dir == null ? Path.of("") : dir).resolve("." + file.getFileName() + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                body.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Throws when {@code file} exists and {@code force} is false. */
    public static void refuseExisting(Path file, boolean force) throws IOException {
        if (!force && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "exists; pass --force (force=true) to replace it");
        }
    }
}
