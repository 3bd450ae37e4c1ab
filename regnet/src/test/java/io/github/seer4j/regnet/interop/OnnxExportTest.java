package io.github.seer4j.regnet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The exported ONNX graph, run by ONNX Runtime, computes seer4j's inference-mode outputs at any batch and size. */
class OnnxExportTest {

    @TempDir
    Path dir;

    @Test
    void regNetY200mfRunsInOnnxRuntime() throws Exception {
        RegNetNetwork net = Fixtures.randomize(RegNetNetwork.build(RegNet.named("RegNetY-200MF")), 1);
        Path file = dir.resolve("y200.onnx");
        OnnxExport.write(net, file, false);
        assertAgrees(net, file, 2, 64);
        assertAgrees(net, file, 3, 40); // another batch and image size than the first run: dynamic axes
        assertThrows(FileAlreadyExistsException.class, () -> OnnxExport.write(net, file, false));
    }

    @Test
    void randomSpecsRunInOnnxRuntime() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            NetworkSpec spec = Fixtures.randomSpec(seed);
            RegNetNetwork net = Fixtures.randomize(RegNetNetwork.build(spec), seed);
            Path file = dir.resolve(spec.name() + ".onnx");
            OnnxExport.write(net, file, false);
            assertAgrees(net, file, 2, 32);
            assertAgrees(net, file, 1, 19);
        }
    }

    @Test
    void headlessGrayscaleDoubleTrunk() throws Exception {
        RegNetNetwork net = Fixtures.randomize(RegNetNetwork.build(Fixtures.tiny(), RegNetOptions.defaults()
                .withInputChannels(1).withoutHead().withDataType(DataType.DOUBLE)), 4);
        Path file = dir.resolve("trunk.onnx");
        OnnxExport.write(net, file, false);
        assertAgrees(net, file, 2, 24);
    }

    static void assertAgrees(RegNetNetwork net, Path file, int batch, int size) throws OrtException, IOException {
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, net.inputChannels(), size, size);
        INDArray expected = net.output(x.castTo(net.dataType())).castTo(DataType.FLOAT);
        INDArray actual = run(file, x);
        assertArrayEquals(expected.shape(), actual.shape());
        double rel = Fixtures.maxRelative(actual, expected);
        System.out.printf("ONNX Runtime vs seer4j %s %s, batch %d, %d px: max abs %.3g, max rel %.3g%n",
                net.spec().name(), net.dataType(), batch, size, actual.sub(expected).amaxNumber().doubleValue(), rel);
        assertTrue(rel <= 1e-4, "relative error " + rel + " for " + net.spec().name());
    }

    /** ONNX Runtime's output for images x [N, C, H, W]. */
    static INDArray run(Path file, INDArray x) throws OrtException, IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(Files.readAllBytes(file), o);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.dup('c').data().asFloat()),
                         x.shape());
                 OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, input))) {
                OnnxTensor out = (OnnxTensor) r.get(OnnxExport.OUTPUT).orElseThrow();
                long[] shape = out.getInfo().getShape();
                FloatBuffer fb = out.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                return Nd4j.create(values, shape, 'c');
            }
        }
    }
}
