package io.github.seer4j.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileDamageTest {

    @Test
    void aCorruptGzipTrailerNamesTheFileAndTheFix(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9}); // rank-1 IDX of 3 bytes
        }
        byte[] file = bytes.toByteArray();
        file[file.length - 5] ^= 0x55; // the CRC32 in the trailer
        Path idx = dir.resolve("train-labels-idx1-ubyte.gz");
        Files.write(idx, file);
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(idx));
        assertTrue(e.getMessage().startsWith(idx + " is damaged (gzip: "), e.getMessage());
        assertTrue(e.getMessage().contains("download it again"), e.getMessage());
    }
}
