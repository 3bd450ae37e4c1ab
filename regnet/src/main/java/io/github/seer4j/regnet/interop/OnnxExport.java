package io.github.seer4j.regnet.interop;

import io.github.seer4j.regnet.RegNetNetwork;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a network as a standard ONNX model (opset 13, IR version 7, float32) in its {@link InferenceForm}: batch
 * norm folded into the convolutions, grouped 3x3 convolutions as {@code Conv} with {@code group}, Squeeze-Excitation as
 * {@code GlobalAveragePool -> Conv -> Relu -> Conv -> Sigmoid -> Mul}, the head as
 * {@code GlobalAveragePool -> Flatten -> Gemm}. Input {@code images} [batch, C, height, width] and output
 * {@code output} [batch, classes or trunk width]; batch, height and width are symbolic (any size at run time).
 *
 * <p>The protobuf messages are encoded by hand ({@link Protobuf}: ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto, TypeProto; field numbers from onnx.proto) rather than generated: seven messages and two
 * wire types need no protoc, no generated sources and no protobuf-java version to agree with DL4J's.
 */
public final class OnnxExport {

    /** The input's name in the exported graph. */
    public static final String INPUT = "images";
    /** The output's name in the exported graph. */
    public static final String OUTPUT = "output";
    static final int OPSET = 13;
    static final int IR_VERSION = 7;
    private static final int FLOAT = 1; // TensorProto.DataType.FLOAT
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final Protobuf graph = new Protobuf();
    private final List<Protobuf> nodes = new ArrayList<>();
    private final List<Protobuf> initializers = new ArrayList<>();

    private OnnxExport() {
    }

    /** The ONNX model's bytes. */
    public static byte[] toBytes(RegNetNetwork net) {
        InferenceForm f = InferenceForm.of(net);
        OnnxExport e = new OnnxExport();
        String x = e.conv(f.stem(), INPUT, true);
        for (InferenceForm.Block b : f.blocks()) {
            x = e.block(b, x);
        }
        String pooled = e.node("GlobalAveragePool", "head.pool", List.of(x));
        String flat = e.node("Flatten", "head.flatten", List.of(pooled), intAttr("axis", 1));
        long outWidth;
        if (f.hasHead()) {
            e.initializer("head.fc.weight", f.fcWeight());
            e.initializer("head.fc.bias", f.fcBias());
            e.node("Gemm", "head.fc", List.of(flat, "head.fc.weight", "head.fc.bias"), OUTPUT, intAttr("transB", 1));
            outWidth = f.fcWeight().size(0);
        } else {
            e.node("Identity", "head.out", List.of(flat), OUTPUT);
            outWidth = f.blocks().get(f.blocks().size() - 1).c().weight().size(0);
        }
        e.nodes.forEach(n -> e.graph.message(1, n));
        e.graph.string(2, net.spec().name().replaceAll("[^A-Za-z0-9_.-]", "_"));
        e.initializers.forEach(t -> e.graph.message(5, t));
        e.graph.message(11, valueInfo(INPUT, new Object[] {"batch", (long) f.inputChannels(), "height", "width"}));
        e.graph.message(12, valueInfo(OUTPUT, new Object[] {"batch", outWidth}));
        return new Protobuf()
                .varint(1, IR_VERSION)
                .string(2, "seer4j")
                .string(3, "0.1.0")
                .message(7, e.graph)
                .message(8, new Protobuf().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    /** Writes the model to {@code file}, atomically; refuses an existing file unless {@code force}. */
    public static void write(RegNetNetwork net, Path file, boolean force) throws IOException {
        AtomicWrite.refuseExisting(file, force);
        byte[] bytes = toBytes(net);
        AtomicWrite.write(file, force, out -> out.write(bytes));
    }

    private String block(InferenceForm.Block b, String x) {
        String y = conv(b.a(), x, true);
        y = conv(b.b(), y, true);
        if (b.se() != null) {
            String p = node("GlobalAveragePool", b.name() + ".f.se.pool", List.of(y));
            String s = conv(b.se().reduce(), p, true);
            s = conv(b.se().expand(), s, false);
            s = node("Sigmoid", b.name() + ".f.se.sigmoid", List.of(s));
            y = node("Mul", b.name() + ".f.se.mul", List.of(y, s));
        }
        y = conv(b.c(), y, false);
        String shortcut = b.proj() == null ? x : conv(b.proj(), x, false);
        String sum = node("Add", b.name() + ".add", List.of(y, shortcut));
        return node("Relu", b.name() + ".relu", List.of(sum));
    }

    private String conv(InferenceForm.Conv c, String x, boolean relu) {
        initializer(c.name() + ".weight", c.weight());
        initializer(c.name() + ".bias", c.bias());
        int k = c.kernel();
        int p = c.padding();
        String y = node("Conv", c.name(), List.of(x, c.name() + ".weight", c.name() + ".bias"),
                c.name() + ".out",
                intsAttr("kernel_shape", k, k), intsAttr("strides", c.stride(), c.stride()),
                intsAttr("pads", p, p, p, p), intAttr("group", c.groups()));
        return relu ? node("Relu", c.name() + ".relu", List.of(y)) : y;
    }

    private String node(String op, String name, List<String> inputs, Protobuf... attributes) {
        return node(op, name, inputs, name + ".out", attributes);
    }

    private String node(String op, String name, List<String> inputs, String output, Protobuf... attributes) {
        Protobuf n = new Protobuf();
        inputs.forEach(i -> n.string(1, i));
        n.string(2, output).string(3, name).string(4, op);
        for (Protobuf a : attributes) {
            n.message(5, a);
        }
        nodes.add(n);
        return output;
    }

    private void initializer(String name, INDArray value) {
        Protobuf t = new Protobuf();
        for (long d : value.shape()) {
            t.varint(1, d);
        }
        float[] data = value.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
        initializers.add(t);
    }

    private static Protobuf intAttr(String name, long value) {
        return new Protobuf().string(1, name).varint(3, value).varint(20, ATTR_INT);
    }

    private static Protobuf intsAttr(String name, long... values) {
        Protobuf a = new Protobuf().string(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, ATTR_INTS);
    }

    /** A float tensor's ValueInfoProto; each dimension a symbolic name (String) or a size (Long). */
    private static Protobuf valueInfo(String name, Object[] dims) {
        Protobuf shape = new Protobuf();
        for (Object d : dims) {
            shape.message(1, d instanceof String s ? new Protobuf().string(2, s) : new Protobuf().varint(1, (Long) d));
        }
        Protobuf tensorType = new Protobuf().varint(1, FLOAT).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }
}
