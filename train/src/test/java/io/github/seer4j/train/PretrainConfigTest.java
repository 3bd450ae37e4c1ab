package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import io.github.seer4j.swav.CropSpec;

class PretrainConfigTest {

    @Test
    void warmupAndQueueStartAddEpochsAndIterations() {
        PretrainConfig c = PretrainConfig.defaults().toBuilder().warmupEpochs(2).warmupIterations(7)
                .queueStartEpoch(1).queueStartIteration(5).build();
        // 937 steps per epoch (60,000 / 64): 2 * 937 + 7 = 1881; 1 * 937 + 5 = 942
        assertEquals(1881, c.warmupFor(937));
        assertEquals(942, c.queueStartFor(937));
        PretrainConfig iterationsOnly = c.toBuilder().warmupEpochs(0).queueStartEpoch(0).build();
        assertEquals(7, iterationsOnly.warmupFor(937));
        assertEquals(5, iterationsOnly.queueStartFor(937));
    }

    @Test
    void scheduledForGivesWarmupAndFreezeTheFirstTenthOfTheRun() {
        PretrainConfig c = PretrainConfig.defaults().toBuilder().warmupEpochs(1).warmupIterations(5)
                .freezePrototypes(313).build().scheduledFor(3090);
        assertEquals(0, c.warmupEpochs());
        assertEquals(309, c.warmupIterations()); // 3090 / 10
        assertEquals(309, c.freezePrototypes());
        assertEquals(309, c.warmupFor(937));
        assertEquals(0, c.scheduledFor(9).freezePrototypes()); // 0.9 rounds down
        // --steps 1500 with one epoch of 937 stops at 937; three epochs without --steps run 2811
        assertEquals(1500, PretrainConfig.totalIterations(1, 1500, 937)); // steps win over epochs
        assertEquals(2811, PretrainConfig.totalIterations(3, 0, 937));
        assertEquals(300, PretrainConfig.totalIterations(3, 300, 937));
    }

    @Test
    void defaultsAreTheSmallDataRecipe() {
        PretrainConfig d = PretrainConfig.defaults();
        assertEquals(64, d.batchSize());
        assertEquals("2x28", d.crops());
        assertEquals(100, d.prototypes());
        assertEquals(0, d.queueLength());
        assertEquals(0.02, d.epsilon()); // SwAV's 0.05 collapsed to ln K on small data
        assertEquals(3, d.sinkhornIterations());
        assertEquals(0.1, d.temperature());
        assertEquals(0.6, d.baseLr());
        assertEquals(0.0006, d.finalLr());
        assertEquals(1e-6, d.weightDecay());
        assertArrayEquals(new int[] {512, 128}, d.headDims());
        assertEquals(0.001, d.larcTrust());
        assertArrayEquals(new double[] {0.14, 1.0}, d.globalScale());
        assertArrayEquals(new double[] {0.05, 0.14}, d.localScale());
        assertEquals(31L, d.seed());
    }

    @Test
    void builderCopiesEveryComponent() {
        PretrainConfig d = PretrainConfig.defaults();
        assertEquals(d.toString().replaceAll("\\[[ID]@[0-9a-f]+", ""),
                d.toBuilder().build().toString().replaceAll("\\[[ID]@[0-9a-f]+", ""));
        PretrainConfig c = d.toBuilder().steps(12).prototypes(30).globalScale(0.25, 1).localScale(0.1, 0.4)
                .larcTrust(0).larcClip(false).headDims(64, 32).build();
        assertEquals(12, c.steps());
        assertEquals(30, c.prototypes());
        assertArrayEquals(new int[] {64, 32}, c.headDims());
        assertEquals(0, c.larcTrust());
        assertEquals(d.epsilon(), c.epsilon());
        assertEquals(d.crops(), c.crops());
    }

    @Test
    void cropScalesReachTheCropSpec() {
        PretrainConfig c = PretrainConfig.defaults().toBuilder().crops("2x28+4x16").globalScale(0.25, 1)
                .localScale(0.1, 0.4).build();
        CropSpec s = c.cropSpec();
        assertEquals(new CropSpec.Group(2, 28, 0.25, 1.0), s.groups().get(0));
        assertEquals(new CropSpec.Group(4, 16, 0.1, 0.4), s.groups().get(1));
    }

    @Test
    void rejectsBadScalesAndNegativeStarts() {
        PretrainConfig.Builder b = PretrainConfig.defaults().toBuilder();
        assertThrows(IllegalArgumentException.class, () -> b.globalScale(0.5, 0.4).build());
        assertThrows(IllegalArgumentException.class, () -> b.globalScale(0, 1).build());
        assertThrows(IllegalArgumentException.class, () -> b.globalScale(0.2, 1).localScale(0.1, 1.5).build());
        assertThrows(IllegalArgumentException.class,
                () -> PretrainConfig.defaults().toBuilder().warmupIterations(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> PretrainConfig.defaults().toBuilder().queueStartIteration(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> PretrainConfig.defaults().toBuilder().larcTrust(-0.1).build());
    }
}
