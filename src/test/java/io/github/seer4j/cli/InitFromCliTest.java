package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.regnet.interop.TorchvisionWeights;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torchvision weights in through {@code --init-from}: probing the weights file scores exactly what probing the same
 * trunk saved in seer4j's own format scores, and a file of another architecture is refused by name.
 */
class InitFromCliTest {

    @TempDir
    Path dir;

    @Test
    void probingTorchvisionWeightsEqualsProbingTheSameTrunk() throws Exception {
        RegNetNetwork net = RegNetNetwork.build(RegNet.y().flops(50e6).build(),
                RegNetOptions.defaults().withInputChannels(1).withoutHead().withSeed(5));
        Path trunk = dir.resolve("run/trunk.bin");
        net.save(trunk);
        Path weights = dir.resolve("w.safetensors");
        TorchvisionWeights.save(net, weights, false, false);

        CliTest.Run own = CliTest.run("probe", "--checkpoint", trunk.toString(), "--labels-fraction", "0.01",
                "--cache", dir.resolve("c1").toString(), "--json");
        CliTest.Run tv = CliTest.run("probe", "--init-from", weights.toString(), "--flops", "50e6",
                "--labels-fraction", "0.01", "--cache", dir.resolve("c2").toString(), "--json");
        assertEquals(0, own.code(), own.err());
        assertEquals(0, tv.code(), tv.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(own.out());
        JsonNode b = json.readTree(tv.out());
        assertEquals(a.get("top1").asDouble(), b.get("top1").asDouble(), 0.0);
        assertEquals(a.get("featureDimension").asInt(), b.get("featureDimension").asInt());
    }

    @Test
    void weightsOfAnotherArchitectureAreRefusedByName() throws Exception {
        RegNetNetwork small = RegNetNetwork.build(RegNet.y().flops(50e6).build(),
                RegNetOptions.defaults().withInputChannels(1).withoutHead());
        Path weights = dir.resolve("small.safetensors");
        TorchvisionWeights.save(small, weights, false, false);
        CliTest.Run r = CliTest.run("probe", "--init-from", weights.toString(), "--model", "RegNetY-200MF",
                "--labels-fraction", "0.01", "--cache", dir.resolve("c").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(weights.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        CliTest.Run p = CliTest.run("pretrain", "--data", "fashion-mnist", "--model", "RegNetY-200MF", "--init-from",
                weights.toString(), "--steps", "1", "--out", dir.resolve("run").toString());
        assertEquals(2, p.code(), p.err());
        assertTrue(p.err().contains(weights.toString()), p.err());
    }
}
