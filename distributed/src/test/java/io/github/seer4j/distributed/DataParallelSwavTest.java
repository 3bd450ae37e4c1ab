package io.github.seer4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.train.Checkpoint;
import io.github.seer4j.train.CheckpointFile;
import io.github.seer4j.train.SwavPretrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Two ranks in separate JVMs, each with half of every batch, against one process with the whole batch (this JVM, the
 * default one-process path): the same losses, all-reduced gradients, parameters, batch-norm statistics, optimizer
 * state and queues (with synchronised batch norm), and a resumed 2-rank run equal to an uninterrupted one.
 */
class DataParallelSwavTest {

    private static final long SEED = 31;
    /** Float32, different summation orders (2 halves vs 1 batch, concurrent vs sequential passes), 2-4 LARC steps. */
    private static final double TOLERANCE = 2e-4;

    @BeforeAll
    static void unpackNativesOnce() {
        LaunchCommand.prewarm(); // the rank JVMs then find them unpacked (two unpacking at once crashed one)
    }

    @Test
    void twoRanksWithHalfBatchesEqualOneProcessAndResumeExactly(@TempDir Path dir) throws Exception {
        // the reference: one process, whole batches, paused at 2 (to compare) and an uninterrupted 4-step run
        SwavPretrainer ref2 = Fixture.trainer(dir.resolve("ref2"), SEED);
        ref2.runUntil(false, 2);
        float[] refGrad2 = gradients(ref2);
        SwavPretrainer ref4 = Fixture.trainer(dir.resolve("ref4"), SEED);
        ref4.run(false);
        float[] refGrad4 = gradients(ref4);

        Path run = dir.resolve("dp");
        try (Ranks ranks = Ranks.start(dir.resolve("logs2"), 60, new int[] {2, 2}, swav(run, 2, false))) {
            assertEquals(0, ranks.exitCode(0, 120), ranks.tail(0));
            assertEquals(0, ranks.exitCode(1, 30), ranks.tail(1));
        }
        assertClose("gradients after 2 steps, rank 0", refGrad2, RankMain.readGradients(run.resolve("gradients.rank0.bin")));
        assertClose("gradients after 2 steps, rank 1", refGrad2, RankMain.readGradients(run.resolve("gradients.rank1.bin")));
        assertSameState(CheckpointFile.read(dir.resolve("ref2/checkpoint.bin")),
                CheckpointFile.read(run.resolve("checkpoint.bin")));

        // new processes resume from rank 0's checkpoint (every rank's queue inside) and finish the 4 steps
        try (Ranks ranks = Ranks.start(dir.resolve("logs4"), 60, new int[] {2, 2}, swav(run, 4, true))) {
            assertEquals(0, ranks.exitCode(0, 120), ranks.tail(0));
            assertEquals(0, ranks.exitCode(1, 30), ranks.tail(1));
        }
        assertClose("gradients of step 4 after resuming", refGrad4,
                RankMain.readGradients(run.resolve("gradients.rank1.bin")));
        assertSameState(CheckpointFile.read(dir.resolve("ref4/checkpoint.bin")),
                CheckpointFile.read(run.resolve("checkpoint.bin")));
        List<JsonNode> mine = metrics(run.resolve("metrics.jsonl"));
        List<JsonNode> ref = metrics(dir.resolve("ref4/metrics.jsonl"));
        assertEquals(4, mine.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(ref.get(i).get("loss").asDouble(), mine.get(i).get("loss").asDouble(), 1e-4, "loss " + i);
            assertTrue(mine.get(i).get("comm_bytes").asLong() > 4L * ref4.parameters().stream()
                    .mapToLong(p -> p.size()).sum(), "the gradients' bytes are counted");
            assertTrue(mine.get(i).get("s_comm").asDouble() > 0);
        }
    }

    private static List<List<String>> swav(Path out, long pauseAt, boolean resume) {
        List<String> a = List.of("swav", out.toString(), Long.toString(pauseAt), Boolean.toString(resume),
                Long.toString(SEED));
        return List.of(a, a);
    }

    private static float[] gradients(SwavPretrainer t) throws IOException {
        Path f = Files.createTempFile("grad", ".bin");
        RankMain.writeGradients(t, f);
        float[] g = RankMain.readGradients(f);
        Files.delete(f);
        return g;
    }

    /** Parameters, batch-norm statistics and optimizer state equal; each rank's queue holds its rows of the whole. */
    private static void assertSameState(Checkpoint one, Checkpoint two) {
        assertEquals(one.iteration(), two.iteration());
        int compared = 0;
        double worst = -1;
        String worstName = "";
        for (Map.Entry<String, INDArray> e : one.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("queue/")) {
                continue;
            }
            INDArray other = two.tensors().get(k);
            assertTrue(other != null, "the 2-rank checkpoint lacks " + k);
            assertClose(k, flat(e.getValue()), flat(other));
            double d = maxDiff(flat(e.getValue()), flat(other));
            if (d >= worst) {
                worst = d;
                worstName = k;
            }
            compared++;
        }
        assertTrue(compared > 50, "compared " + compared + " tensors");
        System.out.printf("iteration %d: largest difference %.2e (%s) over %d tensors%n", one.iteration(), worst,
                worstName, compared);
        INDArray whole = one.tensors().get("queue/contents"); // [2 crops, 16, 8], newest batch first
        if (whole != null) {
            INDArray r0 = two.tensors().get("queue/rank0/contents"); // [2, 8, 8]: its 4 rows of each batch
            INDArray r1 = two.tensors().get("queue/rank1/contents");
            for (int block = 0; block < 4; block++) { // whole: b2 r0, b2 r1, b1 r0, b1 r1
                INDArray part = (block % 2 == 0 ? r0 : r1).get(NDArrayIndex.all(),
                        NDArrayIndex.interval(4 * (block / 2), 4 * (block / 2) + 4), NDArrayIndex.all());
                INDArray expected = whole.get(NDArrayIndex.all(), NDArrayIndex.interval(4 * block, 4 * block + 4),
                        NDArrayIndex.all());
                assertClose("queue rows " + 4 * block, flat(expected), flat(part));
            }
        }
    }

    private static float[] flat(INDArray x) {
        return x.dup('c').reshape(x.length()).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector();
    }

    private static double maxDiff(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        // relative to the tensor's scale, plus a floor for tensors that are rounding noise (a bias before batch norm)
        assertTrue(worst <= TOLERANCE * scale + 1e-6, what + ": max |difference| " + worst + " for values up to "
                + scale);
    }

    private static List<JsonNode> metrics(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(json.readTree(line));
        }
        return out;
    }
}
