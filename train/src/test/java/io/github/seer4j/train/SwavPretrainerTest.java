package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;
import io.github.seer4j.data.ImageSource;

class SwavPretrainerTest {

    private static final ImageSource IMAGES = TinyRun.IMAGES;

    private static SwavPretrainer trainer(Path out) {
        // 12 images, batch 4 -> 3 steps per epoch; 2 epochs; queue of 4 from epoch 1; prototypes frozen 2 iterations
        PretrainConfig cfg = new PretrainConfig(2, 0, 4, "2x12+2x8", 6, 4, 1, 0, 0.05, 3, 0.1, 0.3, 0.003, 0.0, 1, 0,
                1e-6, 2, new int[] {16, 8}, true, 0.001, true, new double[] {0.14, 1}, new double[] {0.05, 0.14}, 2,
                17L, 1);
        return trainer(out, cfg);
    }

    private static SwavPretrainer trainer(Path out, PretrainConfig cfg) {
        NetworkSpec spec = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build();
        RegNetNetwork net = RegNetNetwork.build(spec,
                RegNetOptions.defaults().withoutHead().withInputChannels(1).withDataType(DataType.DOUBLE).withSeed(5));
        return new SwavPretrainer(net, IMAGES, AugmentOptions.swavGray(), cfg, out, new PrintStream(
                PrintStream.nullOutputStream()));
    }

    @Test
    void queueStartsAtItsIterationAndWarmupCountsEpochsPlusIterations(@TempDir Path dir) throws IOException {
        // 3 steps per epoch; queue from iteration 0 * 3 + 2; warm-up 1 * 3 + 2 = 5 iterations of a 6-step run
        PretrainConfig base = new PretrainConfig(2, 0, 4, "2x12+2x8", 6, 4, 0, 2, 0.05, 3, 0.1, 0.3, 0.003, 0.0, 1,
                2, 1e-6, 0, new int[] {16, 8}, true, 0.001, true, new double[] {0.25, 1}, new double[] {0.1, 0.4}, 0,
                17L, 1);
        SwavPretrainer t = trainer(dir.resolve("w"), base);
        assertEquals(5, t.schedule().warmupIters());
        assertEquals(6, t.schedule().totalIters());
        SwavPretrainer.Summary two = trainer(dir.resolve("two"), base.toBuilder().steps(2).build()).run(false);
        assertTrue(!CheckpointFile.read(two.checkpoint()).tensors().containsKey("queue/contents"));
        SwavPretrainer.Summary three = trainer(dir.resolve("three"), base.toBuilder().steps(3).build()).run(false);
        assertTrue(CheckpointFile.read(three.checkpoint()).tensors().containsKey("queue/contents"));
    }

    @Test
    void resumedRunEndsBitForBitWhereAnUninterruptedOneDoes(@TempDir Path dir) throws IOException {
        SwavPretrainer.Summary whole = trainer(dir.resolve("a")).run(false);
        assertEquals(6, whole.iterations());
        assertTrue(Double.isFinite(whole.lastLoss()));
        trainer(dir.resolve("b")).runUntil(false, 4); // stops mid-epoch 1, after the queue was created
        SwavPretrainer.Summary resumed = trainer(dir.resolve("b")).run(true);
        assertEquals(6, resumed.iterations());
        Checkpoint a = CheckpointFile.read(whole.checkpoint());
        Checkpoint b = CheckpointFile.read(resumed.checkpoint());
        assertEquals(a.iteration(), b.iteration());
        assertEquals(a.epoch(), b.epoch());
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        assertTrue(a.tensors().containsKey("queue/contents"));
        assertTrue(a.tensors().containsKey("opt/prototypes.weight"));
        a.tensors().forEach((k, v) -> assertEquals(v, b.tensors().get(k), k));
        assertEquals(6, Files.readAllLines(dir.resolve("b/metrics.jsonl")).size());
        assertTrue(Files.size(dir.resolve("a/loss.png")) > 0);
    }

    @Test
    void trainingInsideTheStepWorkspaceEqualsTrainingWithFreshArrays(@TempDir Path dir) throws IOException {
        SwavPretrainer.Summary on = trainer(dir.resolve("on")).workspaces(true).run(false);
        SwavPretrainer.Summary off = trainer(dir.resolve("off")).workspaces(false).run(false);
        Checkpoint a = CheckpointFile.read(on.checkpoint());
        Checkpoint b = CheckpointFile.read(off.checkpoint());
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        a.tensors().forEach((k, v) -> assertEquals(v, b.tensors().get(k), k));
        assertEquals(on.lastLoss(), off.lastLoss());
    }

    @Test
    void benchmarkReportsBothModesAndTheWorkspaceSize(@TempDir Path dir) {
        SwavStepBenchmark.Result r = SwavStepBenchmark.run(trainer(dir), "tiny", 1, 1, 0, 2);
        assertTrue(r.withWorkspaces().workspaces());
        assertTrue(!r.withoutWorkspaces().workspaces());
        assertEquals(4, r.batch());
        assertEquals("2x12+2x8", r.crops());
        // the step's arrays live in the workspace: at least the 4 x 4 crops' input copies are in it
        assertTrue(r.stepWorkspaceBytes() > 4L * (2 * 12 * 12 + 2 * 8 * 8) * 8, "workspace " + r.stepWorkspaceBytes());
        assertTrue(r.withWorkspaces().imagesPerSecond() > 0 && r.withoutWorkspaces().imagesPerSecond() > 0);
    }
}
