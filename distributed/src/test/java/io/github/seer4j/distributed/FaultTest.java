package io.github.seer4j.distributed;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rank (a separate JVM) that dies: the other stops with a named error at once, never hangs. */
class FaultTest {

    @BeforeAll
    static void unpackNativesOnce() {
        LaunchCommand.prewarm();
    }

    @Test
    void aRankThatDiesStopsTheOtherWithANamedError(@TempDir Path dir) throws Exception {
        try (Ranks ranks = Ranks.start(dir, 30, new int[] {2, 2}, List.of(List.of("loop"), List.of("loop")))) {
            ranks.awaitOutput(0, "ready", 60);
            ranks.awaitOutput(1, "ready", 60);
            long t0 = System.nanoTime();
            ranks.processes.get(1).destroyForcibly();
            assertNotEquals(0, ranks.exitCode(0, 40), ranks.tail(0));
            double seconds = (System.nanoTime() - t0) / 1e9;
            String err = ranks.err(0);
            assertTrue(err.contains("CollectiveException") && err.contains("a peer process died"), ranks.tail(0));
            System.out.printf("rank 0 stopped %.1f s after rank 1 was killed%n", seconds);
        }
    }
}
