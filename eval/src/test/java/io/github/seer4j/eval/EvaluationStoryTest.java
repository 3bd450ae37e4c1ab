package io.github.seer4j.eval;

import io.github.seer4j.data.LabeledImages;
import io.github.seer4j.train.PretrainConfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole story end to end on a tiny network and 14x14 synthetic images, with every run at its minimum length. */
class EvaluationStoryTest {

    private static final NetworkSpec TINY = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25)
            .inputChannels(1).build().withoutHead();

    /** Class 0: the top half is bright; class 1: the bottom half; a little seeded texture on top. */
    static LabeledImages halves(int count, int seed) {
        byte[] px = new byte[count * 14 * 14];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2;
            for (int y = 0; y < 14; y++) {
                for (int x = 0; x < 14; x++) {
                    boolean bright = (y < 7) == (labels[i] == 0);
                    int texture = ((x * 7 + y * 3 + i * 5 + seed) % 11) * 4;
                    px[i * 196 + y * 14 + x] = (byte) ((bright ? 200 : 20) + texture);
                }
            }
        }
        return new LabeledImages(px, count, 14, 14, labels);
    }

    /** Two SwAV steps of 4 images after one calibration step; supervised batches of 8 for at most 2 epochs. */
    static StorySettings tinySettings() {
        PretrainConfig swav = new PretrainConfig(1, 0, 4, "2x12+2x8", 6, 0, 0, 0, 0.05, 3, 0.1, 0.3, 0.003, 0.0, 0, 0,
                1e-6, 2, new int[] {16, 8}, true, 0.001, true, new double[] {0.14, 1}, new double[] {0.05, 0.14}, 2,
                3L, 1);
        return new StorySettings(swav, 1, 2, 2, 8, 0.05, 0, 0, 1, 2, List.of(1.0, 0.5), 2, 3L);
    }

    @Test
    void writesTheJsonTableAndChartOfEveryMethodAndFraction(@TempDir Path dir) throws Exception {
        // a one-second budget: every run falls back to its minimum, so the test does not depend on the machine's speed
        StoryRequest request = new StoryRequest(TINY, halves(40, 0), halves(20, 1), "halves", "synthetic",
                new StoryBudget(1, 0.6, 0.25), tinySettings(), dir.resolve("story"));
        EvaluationStory.Outcome o = EvaluationStory.run(request, new PrintStream(PrintStream.nullOutputStream()));
        StoryResult r = o.result();

        assertEquals(2, r.pretraining().iterations());
        assertEquals(4, r.pretraining().batchSize());
        assertEquals(Math.log(6), r.pretraining().lnK(), 1e-12);
        assertEquals(StoryResult.Pretraining.collapsed(r.pretraining().lastLoss(), Math.log(6)),
                r.pretraining().collapsed());
        assertEquals(List.of(0.5, 1.0), r.fractions());
        assertEquals(2 * StoryMethod.values().length, r.results().size());
        for (StoryMethod m : StoryMethod.values()) {
            // 50% of 40 images over 2 classes: 10 of each
            assertEquals(20, r.row(m, 0.5).orElseThrow().labelledImages(), m + " at 50%");
            assertEquals(40, r.row(m, 1.0).orElseThrow().labelledImages(), m + " at 100%");
        }
        for (StoryResult.Row row : r.results()) {
            double a = row.accuracy() * 20; // 20 test images: a whole number of them right
            assertEquals(Math.rint(a), a, 1e-9, row.toString());
            assertTrue(row.accuracy() >= 0 && row.accuracy() <= 1, row.toString());
        }
        // supervised: 20 images in batches of 8 = 3 steps per epoch, at most 2 epochs, at least 1 step
        StoryResult.Row half = r.row(StoryMethod.SUPERVISED, 0.5).orElseThrow();
        assertTrue(half.steps() >= 1 && half.steps() <= 6, half.toString());
        assertEquals(half.steps() / 3.0, half.epochs(), 1e-12);
        assertEquals(half.steps() < 6, half.timeCapped());
        assertEquals(300, r.row(StoryMethod.RANDOM_LINEAR, 1.0).orElseThrow().steps()); // LinearProbe's Adam steps
        assertEquals(40, r.data().trainImages());
        assertEquals(1 / 60.0, r.budget().minutes(), 1e-12);

        assertEquals(r, StoryJson.read(Files.readString(o.json())));
        assertEquals(StoryTable.markdown(r), Files.readString(o.markdown()));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(o.chart()), 4));
        assertTrue(Files.isRegularFile(o.pretrainRun().resolve("trunk.bin")));
        try (var cached = Files.list(dir.resolve("story/features"))) {
            // the pretrained trunk and the random ones, global and spatial
            assertEquals(4 * (1 + StoryMethod.RANDOM_INITS), cached.filter(p -> p.toString().endsWith(".nd4j")).count(),
                    "train and test features of four trunks, each extracted once per layout (global and spatial)");
        }
    }

    @Test
    void refusesASpecWithAHeadOrLabelsOutsideTheClasses(@TempDir Path dir) {
        StoryBudget budget = new StoryBudget(1, 0.6, 0.25);
        assertThrows(IllegalArgumentException.class, () -> new StoryRequest(TINY.withClasses(2), halves(4, 0),
                halves(4, 1), "halves", "synthetic", budget, tinySettings(), dir));
        StorySettings oneClassTooFew = new StorySettings(tinySettings().pretrain(), 1, 2, 2, 8, 0.05, 0, 0, 1, 2,
                List.of(1.0), 2, 3L);
        LabeledImages threeClasses = new LabeledImages(new byte[3 * 196], 3, 14, 14, new int[] {0, 1, 2});
        assertThrows(IllegalArgumentException.class, () -> new StoryRequest(TINY, threeClasses, halves(4, 1),
                "x", "synthetic", budget, oneClassTooFew, dir));
        assertThrows(IllegalArgumentException.class, () -> tinySettings().withFractions(List.of(0.1, 0.1)));
        assertThrows(IllegalArgumentException.class, () -> tinySettings().withFractions(List.of(0.0)));
    }
}
