package io.github.seer4j.train;

import io.github.seer4j.regnet.TrunkTransfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.StageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.data.Image;
import io.github.seer4j.data.ImageSource;

/** Supervised training learns an easy task; trunk weights transfer by name. */
class SupervisedTrainingTest {

    private static final NetworkSpec TINY = NetworkSpec.anyNet("tiny",
            List.of(new StageSpec(16, 1, 2, 8, 1.0, 0.25), new StageSpec(24, 1, 2, 8, 1.0, 0.25)), 2);

    /** Class 0: the top half is bright; class 1: the bottom half (12x12; horizontal flips keep the class). */
    private static final ImageSource HALVES = new ImageSource() {
        @Override
        public int size() {
            return 64;
        }

        @Override
        public Image image(int index) {
            float[] px = new float[144];
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    px[y * 12 + x] = ((y < 6) == (index % 2 == 0)) ? 1f : 0f;
                }
            }
            return new Image(1, 12, 12, px);
        }
    };

    /** 8 epochs of batch 16 at lr 0.05 on 64 top/bottom images, stopped after {@code maxSteps}. */
    private static SupervisedTraining.Result trainOnHalves(long maxSteps) {
        int[] labels = new int[64];
        java.util.Arrays.setAll(labels, i -> i % 2);
        int[] all = new int[64];
        java.util.Arrays.setAll(all, i -> i);
        RegNetNetwork net = RegNetNetwork.build(TINY, RegNetOptions.defaults().withInputChannels(1).withClasses(2));
        BatchAssembler assembler = new BatchAssembler(new float[] {0.5f}, new float[] {0.5f}, DataType.FLOAT);
        return SupervisedTraining.run(net, HALVES, labels, all, HALVES, labels, assembler,
                new SupervisedTraining.Config(8, 16, 0.05, 0, 0, 1), maxSteps, null);
    }

    @Test
    void learnsTopVersusBottom() {
        SupervisedTraining.Result r = trainOnHalves(Long.MAX_VALUE);
        assertEquals(1.0, r.testAccuracy());
        assertEquals(32, r.steps());
        assertTrue(r.lastLoss() < 0.2, "loss " + r.lastLoss());
    }

    @Test
    void aStepLimitShortensTheRun() {
        // 64 images in batches of 16 = 4 steps per epoch; 8 epochs would be 32 steps; stop after 5
        SupervisedTraining.Result r = trainOnHalves(5);
        assertEquals(5, r.steps());
        assertEquals(2, r.epochs(), "the fifth step begins the second epoch");
        assertTrue(Double.isFinite(r.lastLoss()));
    }

    @Test
    void trunkTransferCopiesEveryTrunkTensor() {
        RegNetNetwork trunk = RegNetNetwork.build(TINY, RegNetOptions.defaults().withInputChannels(1).withoutHead()
                .withSeed(1));
        RegNetNetwork withHead = RegNetNetwork.build(TINY, RegNetOptions.defaults().withInputChannels(1)
                .withClasses(10).withSeed(2));
        int copied = TrunkTransfer.copy(trunk, withHead);
        assertEquals(trunk.state().size(), copied);
        trunk.state().forEach((name, value) -> assertEquals(value, withHead.state().get(name), name));
    }
}
