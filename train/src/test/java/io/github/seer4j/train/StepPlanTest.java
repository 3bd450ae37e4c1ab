package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.seer4j.data.ImageSource;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** A trainer run by a plan: its length, learning rates and prototype freezing come from the plan as it changes. */
class StepPlanTest {

    private static final ImageSource IMAGES = TinyRun.IMAGES;

    /** 12 images, batch 4: 3 steps per epoch; 2 epochs (6 steps) configured, prototypes frozen for 2. */
    private static SwavPretrainer trainer(Path out, long freeze) {
        PretrainConfig cfg = new PretrainConfig(2, 0, 4, "2x12", 6, 0, 0, 0, 0.05, 3, 0.1, 0.3, 0.003, 0.0, 0, 0,
                1e-6, freeze, new int[] {16, 8}, true, 0.001, true, new double[] {0.14, 1}, new double[] {0.05, 0.14},
                0, 17L, 1);
        NetworkSpec spec = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build();
        RegNetNetwork net = RegNetNetwork.build(spec,
                RegNetOptions.defaults().withoutHead().withInputChannels(1).withDataType(DataType.DOUBLE).withSeed(5));
        return new SwavPretrainer(net, IMAGES, AugmentOptions.swavGray(), cfg, out,
                new PrintStream(PrintStream.nullOutputStream()));
    }

    /** Starts at 4 iterations, grows to 8 (past the configured 6) after the 2nd; lr 0.01 x (iteration + 1). */
    private static final class Growing implements StepPlan {
        long total = 4;
        final long freeze;

        Growing(long freeze) {
            this.freeze = freeze;
        }

        public long total() {
            return total;
        }

        public double lr(long it) {
            return 0.01 * (it + 1);
        }

        public boolean prototypesFrozen(long it) {
            return it < freeze;
        }

        @Override
        public void stepped(long done) {
            if (done == 2) {
                total = 8;
            }
        }
    }

    @Test
    void theTrainerRunsAsLongAsThePlanSaysAtItsRates(@TempDir Path dir) throws IOException {
        SwavPretrainer.Summary s = trainer(dir, 2).plan(new Growing(2)).run(false);
        assertEquals(8, s.iterations());
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(8, lines.size());
        for (int i = 0; i < 8; i++) {
            String lr = "\"lr\":" + 0.01 * (i + 1);
            assertEquals(true, lines.get(i).contains(lr), lines.get(i) + " lacks " + lr);
        }
    }

    @Test
    void thePlanFreezesThePrototypesNotTheConfiguration(@TempDir Path dir) throws IOException {
        // configured to freeze for 0 iterations but planned for 8: as a run configured for 8 with the same plan
        Checkpoint planned = CheckpointFile.read(trainer(dir.resolve("a"), 0).plan(new Growing(8)).run(false)
                .checkpoint());
        Checkpoint configured = CheckpointFile.read(trainer(dir.resolve("b"), 8).plan(new Growing(8)).run(false)
                .checkpoint());
        Checkpoint unfrozen = CheckpointFile.read(trainer(dir.resolve("c"), 8).plan(new Growing(0)).run(false)
                .checkpoint());
        String key = "param/" + io.github.seer4j.swav.Prototypes.NAME;
        assertEquals(configured.tensors().get(key), planned.tensors().get(key));
        assertEquals(false, unfrozen.tensors().get(key).equals(planned.tensors().get(key)));
    }
}
