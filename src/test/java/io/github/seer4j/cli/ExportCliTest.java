package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.regnet.interop.OnnxExport;
import io.github.seer4j.regnet.interop.SameDiffExport;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code export} end to end: a pretrain-style run directory (a 1-channel head-less trunk.bin) to each format, the ONNX
 * file run by ONNX Runtime, the torchvision file back in through {@code --init-from}; errors leave no output.
 */
class ExportCliTest {

    @TempDir
    Path dir;

    @Test
    void everyFormatComputesTheTrunksOutputs() throws Exception {
        RegNetNetwork net = RegNetNetwork.build(RegNet.y().flops(50e6).build(),
                RegNetOptions.defaults().withInputChannels(1).withoutHead());
        Random r = new Random(3);
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) { // trained-looking statistics
            if (e.getKey().endsWith("running_var")) {
                e.getValue().assign(Nd4j.rand(DataType.FLOAT, e.getValue().shape()).addi(0.5));
            } else if (e.getKey().endsWith("running_mean") || e.getKey().endsWith(".bias")) {
                e.getValue().assign(Nd4j.randn(DataType.FLOAT, e.getValue().shape()).muli(0.1 + r.nextDouble() / 10));
            }
        }
        Path run = dir.resolve("run");
        net.save(run.resolve("trunk.bin"));
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 1, 32, 32);
        INDArray expected = net.output(x);

        Path onnx = dir.resolve("trunk.onnx");
        CliTest.Run ok = CliTest.run("export", "--checkpoint", run.toString(), "--format", "onnx", "--out",
                onnx.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("wrote "), ok.out());
        assertClose(expected, onnxRuntime(onnx, x));

        Path sd = dir.resolve("trunk.sd");
        assertEquals(0, CliTest.run("export", "--checkpoint", run.toString(), "--format", "samediff", "--out",
                sd.toString()).code());
        assertClose(expected, SameDiffExport.output(SameDiffExport.read(sd), x));

        Path tv = dir.resolve("trunk.safetensors");
        assertEquals(0, CliTest.run("export", "--checkpoint", run.resolve("trunk.bin").toString(), "--format",
                "torchvision", "--out", tv.toString()).code());
        Path back = dir.resolve("back.onnx");
        CliTest.Run in = CliTest.run("export", "--init-from", tv.toString(), "--flops", "50e6", "--format", "onnx",
                "--out", back.toString());
        assertEquals(0, in.code(), in.err());
        assertTrue(in.out().contains("1 input channels, no head"), in.out());
        assertClose(expected, onnxRuntime(back, x));
    }

    @Test
    void errorsAreOneLineAndWriteNothing() throws Exception {
        RegNetNetwork net = RegNetNetwork.build(RegNet.y().flops(50e6).build());
        Path run = dir.resolve("run");
        net.save(run.resolve("trunk.bin"));
        Path out = dir.resolve("taken.onnx");
        Files.writeString(out, "keep me");
        CliTest.Run refused = CliTest.run("export", "--checkpoint", run.toString(), "--format", "onnx", "--out",
                out.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("exists; pass --force"), refused.err());
        assertEquals("keep me", Files.readString(out));
        assertEquals(0, CliTest.run("export", "--checkpoint", run.toString(), "--format", "onnx", "--out",
                out.toString(), "--force").code());
        assertFalse(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).equals("keep me"));

        Path tv = dir.resolve("w.safetensors");
        assertEquals(0, CliTest.run("export", "--checkpoint", run.toString(), "--format", "torchvision", "--out",
                tv.toString()).code());
        Path wrong = dir.resolve("wrong.onnx");
        CliTest.Run mismatch = CliTest.run("export", "--init-from", tv.toString(), "--model", "RegNetY-200MF",
                "--format", "onnx", "--out", wrong.toString());
        assertEquals(2, mismatch.code());
        assertEquals(1, mismatch.err().strip().lines().count(), mismatch.err());
        assertTrue(mismatch.err().contains("w.safetensors does not fit RegNetY-200MF")
                && mismatch.err().contains("shape differs (trunk_output.block1.block1-0.f.a.0.weight [8, 32, 1, 1] (network:"),
                mismatch.err());
        assertFalse(Files.exists(wrong));

        CliTest.Run missing = CliTest.run("export", "--init-from", dir.resolve("none.safetensors").toString(),
                "--model", "RegNetY-200MF", "--format", "onnx", "--out", wrong.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("none.safetensors"), missing.err());
        assertEquals(2, CliTest.run("export", "--checkpoint", run.toString(), "--format", "keras", "--out",
                wrong.toString()).code());
        assertFalse(Files.exists(wrong));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = expected.amaxNumber().doubleValue();
        double diff = actual.castTo(DataType.FLOAT).sub(expected).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, "max abs " + diff + " at scale " + scale);
    }

    private static INDArray onnxRuntime(Path file, INDArray x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.dup('c').data().asFloat()), x.shape());
             OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, in))) {
            float[][] out = (float[][]) r.get(0).getValue();
            return Nd4j.createFromArray(out);
        }
    }
}
