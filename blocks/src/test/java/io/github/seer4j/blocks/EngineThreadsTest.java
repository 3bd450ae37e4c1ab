package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's work-sharing regions: every part once, failures surface in the caller, nesting cannot deadlock. */
class EngineThreadsTest {

    private final int previous = EngineThreads.threads();

    @AfterEach
    void restore() {
        EngineThreads.set(previous);
    }

    @Test
    void everyPartRunsExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            EngineThreads.set(threads);
            AtomicIntegerArray runs = new AtomicIntegerArray(10);
            EngineThreads.run(10, runs::incrementAndGet);
            for (int p = 0; p < 10; p++) {
                assertEquals(1, runs.get(p), threads + " threads, part " + p);
            }
        }
    }

    @Test
    void splitsCoverTheRangeInContiguousNearEqualPieces() {
        assertEquals(0, EngineThreads.split(10, 3, 0));
        assertEquals(3, EngineThreads.split(10, 3, 1));
        assertEquals(6, EngineThreads.split(10, 3, 2));
        assertEquals(10, EngineThreads.split(10, 3, 3));
    }

    @Test
    void aFailingPartIsRethrownInTheCaller() {
        EngineThreads.set(2);
        IllegalStateException boom = new IllegalStateException("part 3");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> EngineThreads.run(6, p -> {
            if (p == 3) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
    }

    @Test
    void regionsInsideRegionsFinish() {
        EngineThreads.set(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(16);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> EngineThreads.run(4,
                outer -> EngineThreads.run(4, inner -> runs.incrementAndGet(outer * 4 + inner))));
        for (int i = 0; i < 16; i++) {
            assertEquals(1, runs.get(i));
        }
    }
}
