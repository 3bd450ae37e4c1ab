package io.github.seer4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reader of the unsigned-byte IDX format (MNIST / Fashion-MNIST), raw or gzip-compressed (detected by content). */
public final class IdxFile {

    /** The dimensions and bytes of one IDX file. */
    public record Contents(int[] dims, byte[] data) {}

    private IdxFile() {}

    /** Reads an unsigned-byte IDX file of any rank; gzip is recognised by its magic bytes, not the file name. */
    public static Contents read(Path file) throws IOException {
        try {
            return readChecked(file);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is damaged (gzip: " + e.getMessage() + "); download it again (or reinstall"
                    + " dataset-fashion-mnist)", e);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated (" + e + "); download it again", e);
        }
    }

    private static Contents readChecked(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(in);
            int magic;
            try {
                magic = data.readInt();
            } catch (EOFException e) {
                throw new IOException(file + " is empty or truncated: not an IDX file");
            }
            int type = (magic >>> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || type != 0x08) {
                throw new IOException(file + " is not an unsigned-byte IDX file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x0000080N)");
            }
            if (rank < 1 || rank > 4) {
                throw new IOException(file + ": IDX rank " + rank + " is outside 1..4");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new IOException(file + ": negative IDX dimension " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + total + " bytes is too large for one array");
            }
            byte[] bytes = new byte[(int) total];
            try {
                data.readFully(bytes);
            } catch (EOFException e) {
                throw new IOException(file + " is truncated: header promises " + total + " bytes of data");
            }
            if (in != raw) {
                in.transferTo(java.io.OutputStream.nullOutputStream()); // reach the gzip trailer: its CRC is checked
            }
            return new Contents(dims, bytes);
        }
    }
}
