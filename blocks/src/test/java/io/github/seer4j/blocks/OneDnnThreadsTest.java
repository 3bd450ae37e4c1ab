package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How many OpenMP threads a oneDNN plan gets: the pass's threads for the large maps of a 224 px step; where the
 * threads share physical cores, one for the small maps of a 28 px step (waking a second thread costs more than it
 * saves there), where each has its own core, the pass's threads for those too; never more than the pass has.
 */
class OneDnnThreadsTest {

    private final int previous = EngineThreads.threads();

    @AfterEach
    void restore() {
        EngineThreads.set(previous);
        EngineThreads.splitSmallWork(false);
    }

    @Test
    void largeMapsGetEveryThreadSmallMapsOneOnSharedCores() {
        EngineThreads.set(4);
        // RegNetY-200MF at 224 px, batch 16: the first stage's 1x1 convolution (112x112, 32 -> 24 channels)
        assertEquals(4, OneDnn.threadsForMacs(16L * 112 * 112 * 32 * 24, true));
        // and its batch norm over 16 x 112 x 112 x 24 values
        assertEquals(4, OneDnn.threadsForValues(16L * 112 * 112 * 24, true));
        // the quickstart model at 28 px, 2 crops x batch 64: a 1x1 convolution on 14x14 maps, 24 -> 24 channels
        assertEquals(1, OneDnn.threadsForMacs(128L * 14 * 14 * 24 * 24, true));
        // and a batch norm of its 8-channel stem output
        assertEquals(1, OneDnn.threadsForValues(128L * 14 * 14 * 8, true));
        // in between: two threads' worth of work (2 x 2^18 values) gets two
        assertEquals(2, OneDnn.threadsForValues(2L << 18, true));
    }

    @Test
    void ownCoresSplitSmallMapsToo() {
        EngineThreads.set(4);
        assertEquals(4, OneDnn.threadsForMacs(128L * 14 * 14 * 24 * 24, false));
        assertEquals(4, OneDnn.threadsForValues(128L * 14 * 14 * 8, false));
        // but not a 64-value vector: one thread per 2^10 values at least
        assertEquals(1, OneDnn.threadsForValues(64, false));
        assertEquals(2, OneDnn.threadsForValues(2L << 10, false));
    }

    @Test
    void theMachinesTopologyPicksTheThreshold() {
        EngineThreads.set(2);
        long values = 128L * 14 * 14 * 8;
        assertEquals(OneDnn.threadsForValues(values, CpuTopology.threadsShareCores(2)),
                OneDnn.threadsForValues(values));
    }

    @Test
    void neverMoreThanThePassHas() {
        EngineThreads.set(4);
        assertEquals(1, EngineThreads.limitedTo(1, () -> OneDnn.threadsForMacs(1L << 40)));
        assertEquals(2, EngineThreads.limitedTo(2, () -> OneDnn.threadsForValues(1L << 40)));
        EngineThreads.set(1);
        assertEquals(1, OneDnn.threadsForValues(1L << 40));
    }

    @Test
    void testsCanSplitSmallWork() {
        EngineThreads.set(3);
        EngineThreads.splitSmallWork(true);
        assertEquals(3, OneDnn.threadsForValues(10));
    }
}
