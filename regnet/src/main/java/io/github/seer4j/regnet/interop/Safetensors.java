package io.github.seer4j.regnet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * {@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}}, then the
 * tensors' raw little-endian bytes, offsets relative to the end of the header. Reads F32, F64, F16, BF16 and I64
 * (other dtypes are refused by name); writes F32 tensors and I64 counters.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** A header larger than this is not a plausible safetensors header (the reference library's limit). */
    private static final long MAX_HEADER = 100L << 20;

    /** The element types read here, with their sizes in bytes. */
    public enum DType {
        F32(4), F64(8), F16(2), BF16(2), I64(8);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }
    }

    /** One tensor: element type, shape and its raw little-endian bytes. */
    public record Tensor(DType dtype, long[] shape, byte[] data) {

        /** Number of elements (1 for a scalar of shape []). */
        public long length() {
            return Arrays.stream(shape).reduce(1L, (a, b) -> a * b);
        }

        /** A float array as an F32 tensor of the same shape. */
        public static Tensor of(INDArray value) {
            float[] values = value.castTo(DataType.FLOAT).dup('c').data().asFloat();
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return new Tensor(DType.F32, value.shape().clone(), b.array());
        }

        /** An I64 tensor (e.g. batch norm's {@code num_batches_tracked}, shape []). */
        public static Tensor int64(long[] shape, long... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(values);
            return new Tensor(DType.I64, shape.clone(), b.array());
        }

        /** The values as doubles, whatever the element type. */
        public double[] toDoubles() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[Math.toIntExact(length())];
            for (int i = 0; i < out.length; i++) {
                out[i] = switch (dtype) {
                    case F32 -> b.getFloat(i * 4);
                    case F64 -> b.getDouble(i * 8);
                    case F16 -> halfToFloat(b.getShort(i * 2));
                    case BF16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
                    case I64 -> b.getLong(i * 8);
                };
            }
            return out;
        }

        /** The values as an ND4J array of {@code type} (FLOAT or DOUBLE) and this shape. */
        public INDArray toArray(DataType type) {
            INDArray a = Nd4j.createFromArray(toDoubles()).reshape('c', shape.length == 0 ? new long[0] : shape);
            return a.castTo(type);
        }
    }

    /** A file's tensors in header order, and its {@code __metadata__} (empty when absent). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private Safetensors() {
    }

    /** Writes the tensors (in map order) and metadata to {@code file}, atomically; refuses an existing file unless {@code force}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, boolean force)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t.data().length != t.length() * t.dtype().bytes()) {
                throw new IllegalArgumentException(e.getKey() + ": " + t.data().length + " bytes for shape "
                        + Arrays.toString(t.shape()) + " of " + t.dtype());
            }
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(t.shape()).forEach(shape::add);
            entry.putArray("data_offsets").add(offset).add(offset + t.data().length);
            offset += t.data().length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the reference writer pads with spaces to 8-byte alignment
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicWrite.write(file, force, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(head);
            for (Tensor t : tensors.values()) {
                out.write(t.data());
            }
        });
    }

    /** Reads every tensor of {@code file}; a malformed file or an unsupported dtype fails naming the file (and tensor). */
    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no safetensors file there");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + ": too short for a safetensors file (" + size + " bytes)");
            }
            long headerLength = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new IOException(file + ": header length " + headerLength + " does not fit a " + size
                        + "-byte file; not a safetensors file");
            }
            byte[] headerBytes = readFully(ch, 8, (int) headerLength).array();
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new IOException(file + ": the header is not JSON (" + e.getMessage().lines().findFirst().orElse("")
                        + "); not a safetensors file", e);
            }
            if (header == null || !header.isObject()) {
                throw new IOException(file + ": the header is not a JSON object; not a safetensors file");
            }
            long dataStart = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(METADATA)) {
                    e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(e.getKey(), tensor(file, ch, e.getKey(), e.getValue(), dataStart, size));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static Tensor tensor(Path file, FileChannel ch, String name, JsonNode entry, long dataStart, long size)
            throws IOException {
        String where = file + ": tensor '" + name + "'";
        String dtypeName = entry.path("dtype").asText("");
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + " has dtype '" + dtypeName + "'; supported: "
                    + Arrays.toString(DType.values()));
        }
        JsonNode shapeNode = entry.path("shape");
        JsonNode offsets = entry.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IOException(where + " lacks a shape or a [begin, end] data_offsets pair");
        }
        long[] shape = new long[shapeNode.size()];
        long length = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new IOException(where + " has a negative or non-integer dimension in " + shapeNode);
            }
            length *= shape[i];
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || dataStart + end > size) {
            throw new IOException(where + " has data_offsets " + offsets + " outside the file's "
                    + (size - dataStart) + " data bytes");
        }
        if (end - begin != length * dtype.bytes()) {
            throw new IOException(where + " has " + (end - begin) + " bytes, but shape " + Arrays.toString(shape)
                    + " of " + dtype + " needs " + length * dtype.bytes());
        }
        if (end - begin > Integer.MAX_VALUE - 8) {
            throw new IOException(where + " is larger than 2 GB; not supported");
        }
        return new Tensor(dtype, shape, readFully(ch, dataStart + begin, (int) (end - begin)).array());
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return b.flip();
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
