package io.github.seer4j.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
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

    private static final long MAGIC = 0x5345455234434b31L; // "SEER4CK1": no recorded configuration
    private static final long MAGIC2 = 0x5345455234434b32L; // "SEER4CK2": a configuration after the seed
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a run's position and configuration stand, read without creating any tensor (no native memory). */
    public record Header(int epoch, long iteration, long seed, Map<String, String> config) {}

    private CheckpointFile() {}

    public static void write(Path target, Checkpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
            out.writeLong(MAGIC2);
            out.writeInt(c.epoch());
            out.writeLong(c.iteration());
            out.writeLong(c.seed());
            byte[] config = JSON.writeValueAsBytes(c.config());
            out.writeInt(config.length);
            out.write(config);
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
        try {
            AtomicFiles.write(target, file);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + (e.getMessage() == null ? e : e.getMessage())
                    + "; free space or choose another --out (the previous checkpoint, if any, is kept)", e);
        }
    }

    /** Reads and verifies a checkpoint: position, recorded configuration and tensors. */
    public static Checkpoint read(Path file) throws IOException {
        byte[] all = verified(file);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            Header h = header(file, in);
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
                if (len < 0 || len * (isDouble ? 8 : 4) > in.available()) {
                    throw new IOException(file + " is damaged (tensor " + name + " is larger than the file); resume"
                            + " from an earlier checkpoint or restart");
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
            return new Checkpoint(h.epoch(), h.iteration(), h.seed(), h.config(), tensors);
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new IOException(file + " is damaged (it ends inside a record: " + e + "); resume from an earlier"
                    + " checkpoint or restart");
        }
    }

    /**
     * The trunk a checkpoint holds (its recorded spec and data type, its "net/" tensors): what probe reads from a run
     * folder, so the trunk it scores is always the committed checkpoint's.
     */
    public static RegNetNetwork readTrunk(Path file) throws IOException {
        Header h = readHeader(file);
        String spec = h.config().get(RunConfig.SPEC);
        if (spec == null) {
            throw new IOException(file + " records no network spec (written by an older seer4j); probe its "
                    + TRUNK_FILE + " instead");
        }
        RegNetNetwork net = RegNetNetwork.build(JSON.readValue(spec, NetworkSpec.class),
                RegNetOptions.defaults().withDataType(DataType.valueOf(h.config().get(RunConfig.DATA_TYPE))));
        Map<String, INDArray> saved = read(file).group("net/");
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            INDArray v = saved.get(e.getKey());
            if (v == null || !java.util.Arrays.equals(v.shape(), e.getValue().shape())) {
                throw new IOException(file + ": trunk tensor " + e.getKey() + " is missing or has another shape than"
                        + " its recorded spec; the file is damaged, restart the run");
            }
            e.getValue().assign(v);
        }
        return net;
    }

    /** Reads a checkpoint's position and configuration only (verifying its checksum); creates no tensor. */
    public static Header readHeader(Path file) throws IOException {
        byte[] all = verified(file);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            return header(file, in);
        } catch (java.io.EOFException e) {
            throw new IOException(file + " is damaged (it ends inside its header); restart the run");
        }
    }

    private static byte[] verified(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + " does not exist; run without --resume to start");
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage() + "; check the file's permissions",
                    e);
        }
        if (all.length < 16) {
            throw new IOException(file + " is too short to be a seer4j checkpoint");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IOException(file + " is damaged (checksum mismatch); resume from an earlier checkpoint or restart");
        }
        return all;
    }

    private static Header header(Path file, DataInputStream in) throws IOException {
        long magic = in.readLong();
        if (magic != MAGIC && magic != MAGIC2) {
            throw new IOException(file + " is not a seer4j checkpoint (bad magic number)");
        }
        int epoch = in.readInt();
        long iteration = in.readLong();
        long seed = in.readLong();
        Map<String, String> config = Map.of();
        if (magic == MAGIC2) {
            int len = in.readInt();
            if (len < 0 || len > in.available()) {
                throw new IOException(file + " is damaged (bad configuration length); restart the run");
            }
            byte[] json = new byte[len];
            in.readFully(json);
            config = JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
        }
        return new Header(epoch, iteration, seed, config);
    }
}
