package io.github.seer4j.regnet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** torchvision's weights in and seer4j's out, checked against outputs torchvision computed (the committed fixture). */
class TorchvisionWeightsTest {

    @TempDir
    Path dir;

    @Test
    void torchvisionWeightsGiveTorchvisionsOutputs() throws IOException {
        assertMatchesTorchvision(Fixtures.resource("tiny.safetensors"), Fixtures.resource("tiny_io.safetensors"),
                Fixtures.tiny());
    }

    @Test
    void aHeadlessNetworkTakesAClassifiersTrunk() throws IOException {
        RegNetNetwork trunk = RegNetNetwork.build(Fixtures.tiny(), RegNetOptions.defaults().withoutHead());
        TorchvisionWeights.load(Fixtures.resource("tiny.safetensors"), trunk);
        Map<String, Safetensors.Tensor> io = Safetensors.read(Fixtures.resource("tiny_io.safetensors")).tensors();
        INDArray expected = io.get("features").toArray(DataType.FLOAT);
        double rel = Fixtures.maxRelative(trunk.output(io.get("input").toArray(DataType.FLOAT)), expected);
        assertTrue(rel <= 1e-5, "max relative error vs torchvision's features " + rel);
    }

    /**
     * The same with a fixture made locally by {@code torchvision_fixture.py make DIR --model regnet_y_400mf}, when
     * {@code -Dseer4j.torchvisionFixtures=DIR} is given (CI has no PyTorch, and the file is 17 MB).
     */
    @Test
    void regNetY400mfFromTorchvisionWhenGiven() throws IOException {
        String d = System.getProperty("seer4j.torchvisionFixtures");
        org.junit.jupiter.api.Assumptions.assumeTrue(d != null, "-Dseer4j.torchvisionFixtures not set");
        assertMatchesTorchvision(Path.of(d, "regnet_y_400mf.safetensors"), Path.of(d, "regnet_y_400mf_io.safetensors"),
                RegNet.named("RegNetY-400MF"));
    }

    private static void assertMatchesTorchvision(Path weights, Path ioFile, io.github.seer4j.designspace.NetworkSpec spec)
            throws IOException {
        RegNetNetwork net = RegNetNetwork.build(spec);
        TorchvisionWeights.load(weights, net);
        Map<String, Safetensors.Tensor> io = Safetensors.read(ioFile).tensors();
        INDArray expected = io.get("output").toArray(DataType.FLOAT);
        INDArray out = net.output(io.get("input").toArray(DataType.FLOAT));
        assertArrayEquals(expected.shape(), out.shape());
        double rel = Fixtures.maxRelative(out, expected);
        double abs = out.sub(expected).amaxNumber().doubleValue();
        System.out.printf("torchvision -> seer4j %s: max abs %.3g, max rel %.3g (outputs up to %.3g)%n", spec.name(),
                abs, rel, expected.amaxNumber().doubleValue());
        assertTrue(rel <= 1e-5, "max relative error vs torchvision " + rel);
    }

    @Test
    void exportHasTorchvisionsExactKeysAndShapes() throws IOException {
        RegNetNetwork net = Fixtures.randomize(RegNetNetwork.build(Fixtures.tiny()), 3);
        Path out = dir.resolve("w.safetensors");
        TorchvisionWeights.save(net, out, false, false);
        Map<String, Safetensors.Tensor> mine = Safetensors.read(out).tensors();
        Map<String, Safetensors.Tensor> theirs = Safetensors.read(Fixtures.resource("tiny.safetensors")).tensors();
        assertEquals(new ArrayList<>(theirs.keySet()).stream().sorted().toList(),
                new ArrayList<>(mine.keySet()).stream().sorted().toList());
        for (String k : theirs.keySet()) {
            assertArrayEquals(theirs.get(k).shape(), mine.get(k).shape(), k);
            assertEquals(theirs.get(k).dtype(), mine.get(k).dtype(), k);
        }
        RegNetNetwork back = RegNetNetwork.build(Fixtures.tiny(), RegNetOptions.defaults().withSeed(9));
        TorchvisionWeights.load(out, back);
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            assertEquals(e.getValue(), back.state().get(e.getKey()), e.getKey());
        }
        assertThrows(FileAlreadyExistsException.class, () -> TorchvisionWeights.save(net, out, false, false));
    }

    @Test
    void mismatchNamesTheFileAndFirstKeys() {
        RegNetNetwork other = RegNetNetwork.build(Fixtures.tiny().withClasses(7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchvisionWeights.load(Fixtures.resource("tiny.safetensors"), other));
        assertTrue(e.getMessage().contains("tiny.safetensors") && e.getMessage().contains("fc.weight [10, 32]"),
                e.getMessage());
        RegNetNetwork big = RegNetNetwork.build(RegNet.named("RegNetY-200MF"));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> TorchvisionWeights.load(Fixtures.resource("tiny.safetensors"), big));
        assertTrue(e2.getMessage().contains("missing") && e2.getMessage().contains("stem.0.weight [8, 3, 3, 3]"),
                e2.getMessage());
        assertFalse(e2.getMessage().contains("\n"));
    }

    @Test
    void grayscaleStemAsRgbGivesTheSameOutputOnGrayImages() throws IOException {
        RegNetNetwork gray = Fixtures.randomize(RegNetNetwork.build(Fixtures.tiny(),
                RegNetOptions.defaults().withInputChannels(1)), 5);
        Path out = dir.resolve("rgb.safetensors");
        TorchvisionWeights.save(gray, out, true, false);
        RegNetNetwork rgb = RegNetNetwork.build(Fixtures.tiny());
        TorchvisionWeights.load(out, rgb);
        INDArray img = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 2, 1, 16, 16);
        double rel = Fixtures.maxRelative(rgb.output(img.repeat(1, 3)), gray.output(img));
        assertTrue(rel <= 1e-5, "relative " + rel);
    }

    @Test
    void torchvisionLoadsTheExportStrictlyWhenPyTorchIsHere() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of(System.getProperty("user.dir")).resolve("../src/test/python/torchvision_fixture.py");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python) && Files.exists(script));
        Process probe = new ProcessBuilder(python.toString(), "-c", "import torchvision").start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor() == 0, "no torchvision here");
        List<RegNetNetwork> nets = new ArrayList<>(List.of(
                RegNetNetwork.build(Fixtures.tiny()),
                RegNetNetwork.build(Fixtures.tiny(), RegNetOptions.defaults().withInputChannels(1).withoutHead())));
        if (System.getProperty("seer4j.torchvisionFixtures") != null) { // the local run: a real size too
            nets.add(RegNetNetwork.build(RegNet.named("RegNetY-400MF")));
        }
        for (RegNetNetwork random : nets) {
            boolean headless = !random.spec().head().present();
            RegNetNetwork net = Fixtures.randomize(random, 11);
            INDArray x = org.nd4j.linalg.factory.Nd4j.randn(DataType.FLOAT, 2, net.inputChannels(), 64, 64);
            Path w = dir.resolve(net.spec().name() + headless + ".safetensors");
            Path io = dir.resolve(net.spec().name() + headless + "_io.safetensors");
            TorchvisionWeights.save(net, w, false, false);
            Safetensors.write(io, Map.of("input", Safetensors.Tensor.of(x), "output",
                    Safetensors.Tensor.of(net.output(x))), Map.of(), false);
            Process p = new ProcessBuilder(python.toString(), script.toString(), "check", w.toString(), io.toString())
                    .redirectErrorStream(true).start();
            String report = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), report);
            double rel = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.lines()
                    .reduce((a, b) -> b).orElse("{}")).path("max_rel").asDouble(1);
            System.out.println("seer4j -> torchvision (strict load) " + net.spec().name() + (headless ? " 1-channel trunk" : "") + ": "
                    + report.strip());
            assertTrue(rel <= 1e-5, report);
        }
    }
}
