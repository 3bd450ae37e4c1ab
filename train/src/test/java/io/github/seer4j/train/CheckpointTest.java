package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointTest {

    @Test
    void roundTripKeepsEverythingAndLeavesNoTempFiles(@TempDir Path dir) throws IOException {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> t = new java.util.LinkedHashMap<>();
        t.put("param/w", Nd4j.createFromArray(new float[][] {{1.5f, -2f}, {3f, 4.25f}}));
        t.put("opt/w", Nd4j.createFromArray(new double[] {0.1, Double.MIN_VALUE}));
        t.put("queue/0", Nd4j.zeros(DataType.FLOAT, 2, 3, 4));
        Path f = dir.resolve("run/checkpoint.bin");
        CheckpointFile.write(f, new Checkpoint(3, 1234L, -99L, t));
        CheckpointFile.write(f, new Checkpoint(4, 1235L, -99L, t)); // overwrite in place
        Checkpoint back = CheckpointFile.read(f);
        assertEquals(4, back.epoch());
        assertEquals(1235L, back.iteration());
        assertEquals(-99L, back.seed());
        assertEquals(t, back.tensors());
        assertEquals(DataType.DOUBLE, back.tensors().get("opt/w").dataType());
        assertEquals(Map.of("w", t.get("param/w")), back.group("param/"));
        try (var files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void damagedFileIsRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.bin");
        CheckpointFile.write(f, new Checkpoint(0, 1, 2, Map.of("param/x", Nd4j.ones(DataType.FLOAT, 3))));
        byte[] b = Files.readAllBytes(f);
        b[20] ^= 1;
        Files.write(f, b);
        assertTrue(assertThrows(IOException.class, () -> CheckpointFile.read(f)).getMessage().contains("damaged"));
    }

    @Test
    void metricsAreJsonLines(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.jsonl");
        try (MetricsWriter w = new MetricsWriter(f, false)) {
            w.write(Map.of("iteration", 1, "loss", 4.5, "lr", 0.1));
            w.write(Map.of("iteration", 2, "loss", 4.25, "lr", 0.2));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(2, lines.size());
        assertEquals(4.25, new ObjectMapper().readTree(lines.get(1)).get("loss").asDouble(), 0);
    }

    @Test
    void divergenceNamesEpsilonAndLearningRate() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> DivergenceCheck.check(7, Double.NaN, List.of(), 0.001, 9.6, Path.of("runs/x/checkpoint.bin")));
        assertTrue(e.getMessage().contains("epsilon too small"));
        assertTrue(e.getMessage().contains("learning rate too high"));
        assertTrue(e.getMessage().contains("runs/x/checkpoint.bin"));
        assertThrows(TrainingDivergedException.class, () -> DivergenceCheck.check(7, 1.0,
                List.of(Nd4j.createFromArray(new double[] {Double.NaN})), 0.05, 0.1, null));
        DivergenceCheck.check(7, 1.0, List.of(Nd4j.ones(2, 2)), 0.05, 0.1, null);
    }

    @Test
    void collapseMonitorCountsWinningPrototypes() {
        CollapseMonitor m = new CollapseMonitor(4);
        m.add(Nd4j.createFromArray(new double[][] {{0.7, 0.1, 0.1, 0.1}, {0.1, 0.1, 0.7, 0.1}}));
        assertEquals(0.5, m.fractionUsed(), 0);
        assertNotNull(m.warning(Math.log(4) * 1.01));
        assertNull(m.warning(0.5));
        CollapseMonitor big = new CollapseMonitor(100);
        big.add(Nd4j.createFromArray(new double[][] {{1, 0}}).reshape(1, 2).repeat(1, 50));
        assertNotNull(big.warning(0.5)); // 1 of 100 prototypes used
        // FLOAT codes (the Java loop): rows won by prototypes 0, 2 and 0 (a tie goes to the first)
        CollapseMonitor floats = new CollapseMonitor(4);
        floats.add(Nd4j.createFromArray(new float[][] {{0.7f, 0.1f, 0.1f, 0.1f}, {0.1f, 0.1f, 0.7f, 0.1f},
            {0.4f, 0.4f, 0.1f, 0.1f}}));
        assertEquals(0.5, floats.fractionUsed(), 0);
        assertEquals(3, floats.samples());
    }
}
