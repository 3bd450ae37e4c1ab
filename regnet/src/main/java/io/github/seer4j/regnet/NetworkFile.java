package io.github.seer4j.regnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.designspace.NetworkSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The single-file format of a saved network: a zip with {@code network.json} (format version, data type, spec) and
 * one ND4J binary entry per tensor under {@code tensors/}. Written to a temporary file and renamed into place.
 */
final class NetworkFile {

    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "network.json";
    private static final String TENSORS = "tensors/";

    /** Header of a saved network. */
    record Header(int formatVersion, String dataType, NetworkSpec spec) {
    }

    private NetworkFile() {
    }

    static void write(RegNetNetwork net, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp));
                 ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(new ZipEntry(HEADER));
                zip.write(JSON.writeValueAsBytes(new Header(FORMAT_VERSION, net.dataType().name(), net.spec())));
                zip.closeEntry();
                for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
                    zip.putNextEntry(new ZipEntry(TENSORS + e.getKey()));
                    DataOutputStream out = new DataOutputStream(zip);
                    Nd4j.write(e.getValue(), out);
                    out.flush();
                    zip.closeEntry();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static RegNetNetwork read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no saved network there; write one with save()");
        }
        try {
            return readChecked(file);
        } catch (java.io.EOFException | java.io.UTFDataFormatException | java.util.zip.ZipException
                | com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new IOException(file + " is damaged or not a seer4j network file (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); write it again (e.g. resume or rerun the pretrain that made it)", e);
        }
    }

    private static RegNetNetwork readChecked(Path file) throws IOException {
        RegNetNetwork net = null;
        Map<String, INDArray> state = null;
        int loaded = 0;
        try (InputStream is = new BufferedInputStream(Files.newInputStream(file));
             ZipInputStream zip = new ZipInputStream(is)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(HEADER)) {
                    Header h = JSON.readValue(zip.readAllBytes(), Header.class);
                    if (h.formatVersion() != FORMAT_VERSION) {
                        throw new IOException(file + ": network file format " + h.formatVersion()
                                + " is not supported (this version reads " + FORMAT_VERSION + ")");
                    }
                    net = RegNetNetwork.empty(h.spec(), DataType.valueOf(h.dataType()));
                    state = net.state();
                } else if (e.getName().startsWith(TENSORS)) {
                    if (state == null) {
                        throw new IOException(file + ": tensors before the header; not a seer4j network file");
                    }
                    String name = e.getName().substring(TENSORS.length());
                    INDArray target = state.get(name);
                    if (target == null) {
                        throw new IOException(file + ": tensor '" + name + "' does not belong to the saved spec");
                    }
                    INDArray value = Nd4j.read(new DataInputStream(zip));
                    if (!Arrays.equals(value.shape(), target.shape())) {
                        throw new IOException(file + ": tensor '" + name + "' has shape "
                                + Arrays.toString(value.shape()) + ", the spec needs " + Arrays.toString(target.shape()));
                    }
                    target.assign(value);
                    loaded++;
                }
            }
        }
        if (net == null) {
            throw new IOException(file + ": no " + HEADER + " entry; not a seer4j network file");
        }
        if (loaded != state.size()) {
            throw new IOException(file + ": holds " + loaded + " of the " + state.size() + " tensors the spec needs");
        }
        return net;
    }
}
