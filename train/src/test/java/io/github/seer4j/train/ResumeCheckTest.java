package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeCheckTest {

    private static final NetworkSpec SPEC = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25)
            .inputChannels(1).build();
    private static final Path CKPT = Path.of("runs/a/checkpoint.bin");

    private static CheckpointFile.Header recorded(PretrainConfig c) {
        return new CheckpointFile.Header(0, 5, c.seed(), RunConfig.of(SPEC, "FLOAT", c, 6000));
    }

    @Test
    void everyStateShapingDifferenceIsNamedWithBothValues() {
        PretrainConfig was = PretrainConfig.defaults();
        PretrainConfig now = was.toBuilder().prototypes(50).headDims(512, 64).batchSize(16).headBatchNorm(false)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResumeCheck.verify(CKPT, recorded(was), RunConfig.of(SPEC, "FLOAT", now, 6000)));
        String m = e.getMessage();
        assertTrue(m.startsWith("--resume: the checkpoint " + CKPT + " was written with "), m);
        assertTrue(m.contains("--prototypes 100, this run asks for 50"), m);
        assertTrue(m.contains("--head 512,128, this run asks for 512,64"), m);
        assertTrue(m.contains("--batch 64, this run asks for 16"), m);
        assertTrue(m.contains("--no-head-bn false, this run asks for true"), m);
        assertTrue(m.endsWith("or start a new --out"), m);
    }

    @Test
    void anotherModelIsNamed() {
        PretrainConfig c = PretrainConfig.defaults();
        NetworkSpec other = RegNet.y().depth(3).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResumeCheck.verify(CKPT, recorded(c), RunConfig.of(other, "FLOAT", c, 6000)));
        assertTrue(e.getMessage().contains("model " + SPEC.name() + ", this run asks for " + other.name()),
                e.getMessage());
    }

    @Test
    void stepsEpochsCheckpointIntervalAndWorkersMayChange() {
        PretrainConfig was = PretrainConfig.defaults();
        PretrainConfig now = was.toBuilder().steps(900).epochs(3).checkpointEvery(7).workers(1).warmupIterations(90)
                .freezePrototypes(90).build();
        ResumeCheck.verify(CKPT, recorded(was), RunConfig.of(SPEC, "FLOAT", now, 6000));
    }

    @Test
    void aTrainerRefusesAnotherHeadBeforeRestoringAnything(@TempDir Path dir) throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        TinyRun.trainer(dir, TinyRun.config(2), quiet).run(false);
        long lines = Files.readAllLines(dir.resolve("metrics.jsonl")).size();
        PretrainConfig other = TinyRun.config(4).toBuilder().headDims(16, 4).prototypes(5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TinyRun.trainer(dir, other, quiet).run(true));
        assertTrue(e.getMessage().contains("--head 16,8, this run asks for 16,4"), e.getMessage());
        assertTrue(e.getMessage().contains("--prototypes 6, this run asks for 5"), e.getMessage());
        assertEquals(lines, Files.readAllLines(dir.resolve("metrics.jsonl")).size()); // nothing touched
        assertEquals(2, CheckpointFile.readHeader(dir.resolve("checkpoint.bin")).iteration());
    }

    @Test
    void theRecordedConfigurationTravelsInTheCheckpoint(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("checkpoint.bin");
        Map<String, String> cfg = Map.of("--batch", "32", "model", "X");
        CheckpointFile.write(f, new Checkpoint(1, 9, 31, cfg, Map.of()));
        CheckpointFile.Header h = CheckpointFile.readHeader(f);
        assertEquals(cfg, h.config());
        assertEquals(9, h.iteration());
        assertEquals(List.of(), List.copyOf(CheckpointFile.read(f).tensors().keySet()));
    }
}
