package io.github.seer4j.regnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Save then load reproduces spec, data type and outputs bit for bit; the write leaves no temporary file. */
class SaveLoadTest {

    @Test
    void roundTripGivesIdenticalOutputs(@TempDir Path dir) throws IOException {
        RegNetNetwork net = RegNetNetwork.build(TinyNets.spec(5), RegNetOptions.defaults().withSeed(3));
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 12, 12);
        net.forward(x, Mode.TRAINING); // moves the running statistics away from their initial values
        INDArray before = net.output(x);
        Path file = dir.resolve("sub/net.seer4j");
        net.save(file);
        net.save(file); // overwrite in place
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "only the network file remains");
        }
        RegNetNetwork loaded = RegNetNetwork.load(file);
        assertEquals(net.spec(), loaded.spec());
        assertEquals(DataType.FLOAT, loaded.dataType());
        assertEquals(net.parameterCount(), loaded.parameterCount());
        assertEquals(before, loaded.output(x));
        assertEquals(net.output(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))),
                loaded.output(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))));
    }

    @Test
    void differentSeedsGiveDifferentWeightsAndLoadRejectsMissingFiles(@TempDir Path dir) {
        RegNetNetwork a = RegNetNetwork.build(TinyNets.spec(5), RegNetOptions.defaults().withSeed(1));
        RegNetNetwork b = RegNetNetwork.build(TinyNets.spec(5), RegNetOptions.defaults().withSeed(2));
        assertTrue(!a.parameters().get(0).value().equals(b.parameters().get(0).value()));
        assertThrows(IOException.class, () -> RegNetNetwork.load(dir.resolve("missing.seer4j")));
    }
}
