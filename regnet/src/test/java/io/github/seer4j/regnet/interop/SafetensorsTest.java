package io.github.seer4j.regnet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against hand-made files (values from the IEEE/bfloat16 bit patterns) and malformed ones. */
class SafetensorsTest {

    @TempDir
    Path dir;

    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = dir.resolve("f" + System.nanoTime() + ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void readsHalfBfloatDoubleAndLong() throws IOException {
        // F16 0x3C00 = 1, 0xC000 = -2, 0x0001 = 2^-24; BF16 0x3F00 = 0.5; F64 0.1; I64 7 (little endian)
        ByteBuffer d = ByteBuffer.allocate(6 + 2 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001).putShort((short) 0x3F00)
                .putDouble(0.1).putLong(7);
        Path p = file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[6,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]}}", d.array());
        Safetensors.Contents c = Safetensors.read(p);
        assertEquals("pt", c.metadata().get("format"));
        assertArrayEquals(new double[] {1, -2, Math.pow(2, -24)}, c.tensors().get("h").toDoubles());
        assertArrayEquals(new double[] {0.5}, c.tensors().get("b").toDoubles());
        assertArrayEquals(new long[] {1, 1}, c.tensors().get("b").shape());
        assertArrayEquals(new double[] {0.1}, c.tensors().get("d").toDoubles());
        assertArrayEquals(new double[] {7}, c.tensors().get("n").toDoubles());
    }

    @Test
    void refusesWhatItCannotReadNamingFileAndTensor() throws IOException {
        Path u8 = file("{\"x\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(u8));
        assertTrue(e.getMessage().contains(u8.toString()) && e.getMessage().contains("'x' has dtype 'U8'"),
                e.getMessage());
        Path shortData = file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", new byte[8]);
        IOException e2 = assertThrows(IOException.class, () -> Safetensors.read(shortData));
        assertTrue(e2.getMessage().contains(shortData + ": tensor 'x' has 8 bytes"), e2.getMessage());
        Path outside = file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(outside)).getMessage()
                .contains("outside the file"));
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "this is not a safetensors file at all");
        assertTrue(assertThrows(IOException.class, () -> Safetensors.read(junk)).getMessage()
                .startsWith(junk.toString()));
    }
}
