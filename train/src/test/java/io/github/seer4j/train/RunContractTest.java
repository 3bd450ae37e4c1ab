package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller promises of a run: messages, warnings, valid numbers, one commit point, the length rule. */
class RunContractTest {

    @Test
    void aCheckpointLineIsPrintedForEachCheckpoint(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TinyRun.trainer(dir, TinyRun.config(2), new PrintStream(log, true, StandardCharsets.UTF_8)).run(false);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("checkpoint: iteration 1 written to " + dir.resolve("checkpoint.bin")), text);
        assertTrue(text.contains("checkpoint: iteration 2 written to " + dir.resolve("checkpoint.bin")), text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("checkpoint:")).count(), text); // the last not twice
    }

    @Test
    void aRunEndingOnAnEpochBoundaryReportsThatEpochsPrototypeUse(@TempDir Path dir) throws IOException {
        // 12 images, batch 4: 3 steps per epoch; 3 steps end on the boundary, where the monitor is reset
        SwavPretrainer.Summary s = TinyRun.trainer(dir, TinyRun.config(3), new PrintStream(
                PrintStream.nullOutputStream())).run(false);
        assertTrue(s.prototypesUsed() > 0 && s.prototypesUsed() <= 1, "prototypes used " + s.prototypesUsed());
    }

    @Test
    void probeReadsTheTrunkFromTheCommittedCheckpoint(@TempDir Path dir) throws IOException {
        TinyRun.trainer(dir, TinyRun.config(2), new PrintStream(PrintStream.nullOutputStream())).run(false);
        RegNetNetwork fromCheckpoint = CheckpointFile.readTrunk(dir.resolve("checkpoint.bin"));
        RegNetNetwork fromFile = RegNetNetwork.load(dir.resolve(CheckpointFile.TRUNK_FILE));
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> saved = CheckpointFile.read(dir.resolve("checkpoint.bin"))
                .group("net/");
        assertEquals(saved.keySet(), fromCheckpoint.state().keySet());
        saved.forEach((k, v) -> assertEquals(v, fromCheckpoint.state().get(k), k));
        fromFile.state().forEach((k, v) -> assertEquals(v, fromCheckpoint.state().get(k), k));
    }

    @Test
    void aDamagedTrunkFileIsNamedWithTheFix(@TempDir Path dir) throws IOException {
        TinyRun.trainer(dir, TinyRun.config(1), new PrintStream(PrintStream.nullOutputStream())).run(false);
        Path trunk = dir.resolve(CheckpointFile.TRUNK_FILE);
        byte[] b = Files.readAllBytes(trunk);
        Files.write(trunk, Arrays.copyOf(b, b.length / 2));
        IOException e = assertThrows(IOException.class, () -> RegNetNetwork.load(trunk));
        assertTrue(e.getMessage().startsWith(trunk + " is damaged or not a seer4j network file"), e.getMessage());
        assertTrue(e.getMessage().contains("write it again"), e.getMessage());
    }

    @Test
    void aDamagedCheckpointIsNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("checkpoint.bin");
        Files.write(f, new byte[40]);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.readHeader(f));
        assertTrue(e.getMessage().startsWith(f + " is damaged"), e.getMessage());
    }

    @Test
    void aWriteErrorNamesTheFileAndTheFix(@TempDir Path dir) throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a folder");
        Path target = blocker.resolve("checkpoint.bin"); // its parent is a file: the write fails
        IOException e = assertThrows(IOException.class,
                () -> CheckpointFile.write(target, new Checkpoint(0, 1, 2, Map.of())));
        assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
        assertTrue(e.getMessage().contains("free space or choose another --out"), e.getMessage());
        IOException m = assertThrows(IOException.class, () -> new MetricsWriter(blocker.resolve("metrics.jsonl"), false,
                dir.resolve("checkpoint.bin")));
        assertTrue(m.getMessage().startsWith("cannot write " + blocker.resolve("metrics.jsonl")), m.getMessage());
        assertTrue(m.getMessage().contains("the last good checkpoint " + dir.resolve("checkpoint.bin")),
                m.getMessage());
    }

    @Test
    void metricsRecordsHoldNoNanOrInfinity(@TempDir Path dir) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("iteration", 3);
        r.put("prototypes_used", Double.NaN);
        r.put("loss", Double.POSITIVE_INFINITY);
        try (MetricsWriter w = new MetricsWriter(dir.resolve("m.jsonl"), false)) {
            w.write(r);
        }
        assertEquals("{\"iteration\":3,\"prototypes_used\":null,\"prototypes_used_note\":\"not a finite number (NaN)\","
                + "\"loss\":null,\"loss_note\":\"not a finite number (Infinity)\"}",
                Files.readAllLines(dir.resolve("m.jsonl")).get(0));
    }

    @Test
    void aRisingLossWarnsOnceAtFiftyPercentAboveItsStart() {
        LossRiseWarning w = new LossRiseWarning(1.5, 2);
        assertNull(w.add(1, 4.0)); // the start
        assertNull(w.add(2, 4.0));
        assertNull(w.add(3, 5.0)); // last two: 4.5
        assertNull(w.add(4, 6.0)); // 5.5 < 6.0
        String warning = w.add(5, 6.2); // 6.1 > 6.0
        assertTrue(warning != null && warning.contains("52% above its start 4.000"), warning);
        assertNull(w.add(6, 9.0)); // once
        LossRiseWarning early = new LossRiseWarning(1.5, 2);
        assertNull(early.add(1, 4.7));
        String soon = early.add(2, 16.4); // a loss that jumps at once: (4.7 + 16.4) / 2 = 10.55 > 1.5 x 4.7 = 7.05
        assertTrue(soon != null && soon.contains("124% above its start 4.700"), soon);    }

    @Test
    void stepsWinOverEpochsAndTheRuleIsStated() {
        assertEquals(500, PretrainConfig.totalIterations(1, 500, 187));
        assertEquals(374, PretrainConfig.totalIterations(2, 0, 187));
        assertEquals("500 iterations: --steps 500 wins over --epochs 1 (3 epoch(s) of 187 steps, more than --epochs)",
                PretrainConfig.lengthRule(1, 500, 187));
        assertEquals("374 iterations: 2 epoch(s) of 187 steps", PretrainConfig.lengthRule(2, 0, 187));
    }

    @Test
    void aRunOfMoreStepsThanOneEpochGoesOnIntoTheNext(@TempDir Path dir) throws IOException {
        // 3 steps per epoch, --epochs 1, --steps 5
        SwavPretrainer.Summary s = TinyRun.trainer(dir, TinyRun.config(5), new PrintStream(
                PrintStream.nullOutputStream())).run(false);
        assertEquals(5, s.iterations());
        assertEquals(1, CheckpointFile.readHeader(dir.resolve("checkpoint.bin")).epoch());
    }

    @Test
    void overflowingCropsAreAnArgumentError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PretrainConfig.defaults().toBuilder().batchSize(32).crops("2x100000").build());
        assertTrue(e.getMessage().startsWith("--crops 2x100000: 2 crops of 100000 px in a batch of 32 hold "
                + 3L * 100000 * 100000 * 2 * 32 + " values"), e.getMessage());
    }

    @Test
    void theMemoryEstimateCountsStateAndActivationsAndRefusesAboveTheLimit() {
        NetworkSpec spec = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build()
                .withoutHead();
        PretrainConfig c = TinyRun.config(1); // head 16, 8; 6 prototypes; crops 2x12+2x8; batch 4
        long w = spec.outputWidth();
        long head = w * 16 + 3 * 16 + 16 * 8 + 3 * 8 + 8 * 6;
        long params = spec.complexity(12).params() + head;
        long acts = 2 * spec.complexity(12).acts() + 2 * spec.complexity(8).acts();
        MemoryEstimate e = MemoryEstimate.of(spec, c, 4);
        assertEquals(params, e.parameters());
        assertEquals(3 * 4 * params + 4L * acts * 3 * 4, e.offHeapBytes());
        assertEquals(6 * 4 * params, e.heapBytes());
        e.check(e.offHeapBytes(), e.heapBytes()); // fits exactly
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> e.check(e.offHeapBytes() - 1, 0));
        assertTrue(x.getMessage().contains("but the limit is"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.check(0, e.heapBytes() - 1));
    }
}
