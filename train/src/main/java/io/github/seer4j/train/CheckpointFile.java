package io.github.seer4j.train;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binary checkpoint files written atomically: the bytes go to a temporary file in the target's folder, are fsynced,
 * then renamed over the target (and the folder fsynced), so a crash leaves either the old or the new file. A CRC32
 * trailer detects truncated or damaged files on read.
 */
public final class CheckpointFile {

    /** The file beside a run's checkpoint holding its trunk alone: what {@code probe --checkpoint RUN} reads. */
    public static final String TRUNK_FILE = "trunk.bin";

    private static final long MAGIC = 0x5345455234434b31L; // "SEER4CK1"

    private CheckpointFile() {}

    public static void write(Path target, Checkpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
            out.writeLong(MAGIC);
            out.writeInt(c.epoch());
            out.writeLong(c.iteration());
            out.writeLong(c.seed());
            out.writeInt(c.tensors().size());
            for (Map.Entry<String, INDArray> e : c.tensors().entrySet()) {
                INDArray a = e.getValue();
                out.writeUTF(e.getKey());
                boolean isDouble = a.dataType() == DataType.DOUBLE;
                if (!isDouble && a.dataType() != DataType.FLOAT) {
                    throw new IllegalArgumentException("checkpoint tensor " + e.getKey() + " has type " + a.dataType()
                            + "; only FLOAT and DOUBLE are stored");
                }
                out.writeBoolean(isDouble);
                out.writeInt(a.rank());
                for (long s : a.shape()) {
                    out.writeLong(s);
                }
                INDArray c1 = a.dup('c');
                if (isDouble) {
                    for (double v : c1.data().asDouble()) {
                        out.writeDouble(v);
                    }
                } else {
                    for (float v : c1.data().asFloat()) {
                        out.writeFloat(v);
                    }
                }
            }
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] file = java.util.Arrays.copyOf(body, body.length + 8);
        ByteBuffer.wrap(file, body.length, 8).putLong(crc.getValue());
        AtomicFiles.write(target, file);
    }

    public static Checkpoint read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 16) {
            throw new IOException(file + " is too short to be a seer4j checkpoint");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IOException(file + " is damaged (checksum mismatch); resume from an earlier checkpoint or restart");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not a seer4j checkpoint (bad magic number)");
            }
            int epoch = in.readInt();
            long iteration = in.readLong();
            long seed = in.readLong();
            int n = in.readInt();
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (int t = 0; t < n; t++) {
                String name = in.readUTF();
                boolean isDouble = in.readBoolean();
                long[] shape = new long[in.readInt()];
                long len = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = in.readLong();
                    len *= shape[i];
                }
                if (isDouble) {
                    double[] v = new double[(int) len];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = in.readDouble();
                    }
                    tensors.put(name, Nd4j.create(v, shape, DataType.DOUBLE));
                } else {
                    float[] v = new float[(int) len];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = in.readFloat();
                    }
                    tensors.put(name, Nd4j.create(v, shape, 'c'));
                }
            }
            return new Checkpoint(epoch, iteration, seed, tensors);
        }
    }
}
