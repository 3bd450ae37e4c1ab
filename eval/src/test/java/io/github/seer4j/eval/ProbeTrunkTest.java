package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.train.Checkpoint;
import io.github.seer4j.train.CheckpointFile;
import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.train.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** probe of a run folder scores the committed checkpoint's trunk, never a trunk.bin a crash left older. */
class ProbeTrunkTest {

    @Test
    void aRunFoldersTrunkComesFromItsCheckpoint(@TempDir Path dir) throws IOException {
        NetworkSpec spec = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build();
        RegNetOptions options = RegNetOptions.defaults().withoutHead().withInputChannels(1);
        RegNetNetwork committed = RegNetNetwork.build(spec, options.withSeed(1));
        RegNetNetwork older = RegNetNetwork.build(spec, options.withSeed(2));
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        committed.state().forEach((k, v) -> tensors.put("net/" + k, v));
        CheckpointFile.write(dir.resolve("checkpoint.bin"), new Checkpoint(0, 10, 31,
                RunConfig.of(committed.spec(), "FLOAT", PretrainConfig.defaults(), 6000), tensors));
        older.save(dir.resolve(CheckpointFile.TRUNK_FILE)); // what a kill between the two writes left

        assertEquals(dir.resolve("checkpoint.bin"), ProbeRunner.trunkFile(dir.toString()));
        RegNetNetwork probed = ProbeRunner.network(new ProbeRequest(dir.toString(), null, "linear", 0.1, 1, 0.01,
                ProbeFeatures.LAST_STAGE, 0, dir.resolve("features")), null, 0);
        committed.state().forEach((k, v) -> assertEquals(v, probed.state().get(k), k));
        String first = older.state().keySet().iterator().next();
        assertNotEquals(older.state().get(first), probed.state().get(first)); // the two trunks differ
    }

    @Test
    void aCheckpointWithoutARecordedSpecFallsBackToTrunkBin(@TempDir Path dir) throws IOException {
        CheckpointFile.write(dir.resolve("checkpoint.bin"), new Checkpoint(0, 1, 31, Map.of()));
        NetworkSpec spec = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build();
        RegNetNetwork.build(spec, RegNetOptions.defaults().withoutHead()).save(dir.resolve(CheckpointFile.TRUNK_FILE));
        assertEquals(dir.resolve(CheckpointFile.TRUNK_FILE), ProbeRunner.trunkFile(dir.toString()));
    }
}
