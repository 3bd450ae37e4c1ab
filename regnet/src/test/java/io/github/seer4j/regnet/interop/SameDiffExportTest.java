package io.github.seer4j.regnet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff graph, saved and loaded in SameDiff's format, computes seer4j's inference-mode outputs; the same graph
 * agrees with ONNX Runtime running the ONNX export (an independent implementation of every op).
 */
class SameDiffExportTest {

    @TempDir
    Path dir;

    @Test
    void regNetY200mfSavedAndLoaded() throws Exception {
        RegNetNetwork net = Fixtures.randomize(RegNetNetwork.build(RegNet.named("RegNetY-200MF")), 2);
        Path file = dir.resolve("y200.sd");
        SameDiffExport.write(net, file, false);
        SameDiff sd = SameDiffExport.read(file);
        assertAgrees(net, sd, 2, 64);
        assertAgrees(net, sd, 3, 40);
        Path onnx = dir.resolve("y200.onnx");
        OnnxExport.write(net, onnx, false);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 48, 48);
        INDArray ort = OnnxExportTest.run(onnx, x);
        double rel = Fixtures.maxRelative(SameDiffExport.output(sd, x), ort);
        System.out.printf("SameDiff vs ONNX Runtime RegNetY-200MF, batch 2, 48 px: max rel %.3g%n", rel);
        assertTrue(rel <= 1e-4, "relative " + rel);
        assertThrows(FileAlreadyExistsException.class, () -> SameDiffExport.write(net, file, false));
        assertThrows(NoSuchFileException.class, () -> SameDiffExport.read(dir.resolve("none.sd")));
    }

    @Test
    void randomSpecs() throws Exception {
        for (long seed = 5; seed <= 7; seed++) {
            NetworkSpec spec = Fixtures.randomSpec(seed);
            RegNetNetwork net = Fixtures.randomize(RegNetNetwork.build(spec), seed);
            Path file = dir.resolve(spec.name() + ".sd");
            SameDiffExport.write(net, file, false);
            assertAgrees(net, SameDiffExport.read(file), 2, 21);
        }
        RegNetNetwork tiny = Fixtures.randomize(RegNetNetwork.build(Fixtures.tiny()), 8);
        assertAgrees(tiny, SameDiffExport.of(tiny), 1, 16);
    }

    private static void assertAgrees(RegNetNetwork net, SameDiff sd, int batch, int size) {
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, net.inputChannels(), size, size);
        INDArray expected = net.output(x);
        INDArray actual = SameDiffExport.output(sd, x);
        assertArrayEquals(expected.shape(), actual.shape());
        double rel = Fixtures.maxRelative(actual, expected);
        System.out.printf("SameDiff vs seer4j %s, batch %d, %d px: max abs %.3g, max rel %.3g%n", net.spec().name(),
                batch, size, actual.sub(expected).amaxNumber().doubleValue(), rel);
        assertTrue(rel <= 1e-4, "relative error " + rel + " for " + net.spec().name());
    }
}
