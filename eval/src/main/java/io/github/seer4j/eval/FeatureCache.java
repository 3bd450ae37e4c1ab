package io.github.seer4j.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Frozen features on disk, keyed by the checkpoint's content (SHA-256) and a description of what was extracted
 * (data split, pooling, resolution), so several probes of one checkpoint extract features once, and a changed
 * checkpoint never reuses stale features. Files are written atomically (temp file + rename).
 */
public final class FeatureCache {
    private final Path dir;

    public FeatureCache(Path dir) {
        this.dir = dir;
    }

    /** The cached features for (checkpoint digest, what), computing and storing them on a miss. */
    public INDArray getOrCompute(String checkpointDigest, String what, Supplier<INDArray> compute) throws IOException {
        Path file = dir.resolve(sha256((checkpointDigest + "|" + what).getBytes(StandardCharsets.UTF_8)) + ".nd4j");
        if (Files.isRegularFile(file)) {
            try {
                return Nd4j.readBinary(file.toFile());
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file); // a damaged cache entry is recomputed, never trusted
            }
        }
        INDArray features = compute.get();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "features", ".tmp");
        try {
            Nd4j.saveBinary(features, tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return features;
    }

    /** SHA-256 of a file's bytes, hex. */
    public static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = sha256();
            byte[] buf = new byte[1 << 16];
            for (int r = in.read(buf); r > 0; r = in.read(buf)) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
