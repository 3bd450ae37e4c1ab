package io.github.seer4j.distributed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Collective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranks started differently are refused by name before training (two ranks on two threads of this JVM, each with its
 * own Gloo group: the checks run before any step, so threads exercise the same code as processes).
 */
class RefusalTest {

    /** Runs both ranks' work at once and returns each one's failure message (null when it succeeded). */
    private static List<String> both(Callable<?> rank0, Callable<?> rank1) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> f = List.of(pool.submit(rank0), pool.submit(rank1));
            List<String> out = new ArrayList<>();
            for (Future<?> x : f) {
                try {
                    x.get();
                    out.add(null);
                } catch (ExecutionException e) {
                    out.add(e.getCause().getMessage());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrongWorldSizeIsRefusedByNameOnBothSides() throws Exception {
        int port = LaunchCommand.freePort();
        Duration t = Duration.ofSeconds(20);
        List<String> errors = both(() -> new GlooCollective(0, 2, "127.0.0.1", port, t),
                () -> new GlooCollective(1, 3, "127.0.0.1", port, t));
        assertTrue(String.valueOf(errors.get(0)).contains("rank 1 was started with world size 3 but rank 0 with 2"),
                errors.get(0));
        assertTrue(String.valueOf(errors.get(1)).contains("rank 0 was started with world size 2 but rank 1 with 3"),
                errors.get(1));
    }

    @Test
    void aStalledRankMakesTheOtherStopAfterTheTimeoutWithANamedError() throws Exception {
        int port = LaunchCommand.freePort();
        Duration t = Duration.ofSeconds(3);
        long[] seconds = new long[1];
        List<String> errors = both(() -> {
            try (Collective g = new GlooCollective(0, 2, "127.0.0.1", port, t)) {
                g.allReduceSum(org.nd4j.linalg.factory.Nd4j.ones(4));
                long t0 = System.nanoTime();
                try {
                    g.allReduceSum(org.nd4j.linalg.factory.Nd4j.ones(4)); // rank 1 never joins this one
                } finally {
                    seconds[0] = (System.nanoTime() - t0) / 1_000_000_000L;
                }
            }
            return null;
        }, () -> {
            try (Collective g = new GlooCollective(1, 2, "127.0.0.1", port, t)) {
                g.allReduceSum(org.nd4j.linalg.factory.Nd4j.ones(4));
                Thread.sleep(5000); // stalled (a stopped process, a hung data loader)
            }
            return null;
        });
        assertTrue(String.valueOf(errors.get(0)).contains("stalled past the 3 s timeout"), errors.get(0));
        assertTrue(seconds[0] >= 2 && seconds[0] <= 6, "rank 0 stopped after " + seconds[0] + " s");
    }

    @Test
    void aRankOutsideTheWorldIsRefusedBeforeConnecting() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new GlooCollective(2, 2, "127.0.0.1", 1, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("rank must be in 0..1"), e.getMessage());
    }

    @Test
    void differentConfigurationsAreRefusedBeforeTheFirstStep(@TempDir Path dir) throws Exception {
        int port = LaunchCommand.freePort();
        Duration t = Duration.ofSeconds(30);
        List<String> errors = both(() -> train(0, port, t, dir.resolve("a"), 31),
                () -> train(1, port, t, dir.resolve("b"), 32)); // rank 1 with another seed
        for (String e : errors) {
            assertTrue(String.valueOf(e).contains("rank 1's configuration differs from rank 0's"), e);
        }
        assertFalse(Files.exists(dir.resolve("a/metrics.jsonl")) && Files.size(dir.resolve("a/metrics.jsonl")) > 0,
                "no step was trained");
    }

    private static Object train(int rank, int port, Duration t, Path out, long seed) throws Exception {
        try (Collective g = new GlooCollective(rank, 2, "127.0.0.1", port, t)) {
            return Fixture.trainer(out, seed).distributed(g, true).runUntil(false, 4);
        }
    }
}
