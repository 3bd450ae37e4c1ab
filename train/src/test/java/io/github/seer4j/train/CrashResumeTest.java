package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: a child JVM runs a tiny pretrain (a checkpoint every iteration) and is killed while it
 * trains or writes; the next child resumes. The finished run's checkpoint must equal an uninterrupted run's byte for
 * byte, with no temporary file left and one metrics line per iteration, in order.
 */
class CrashResumeTest {

    private static final long STEPS = 16;

    @Test
    void killedAtRandomAndResumedEndsByteForByteAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        TinyRun.trainer(whole, TinyRun.config(STEPS), new PrintStream(PrintStream.nullOutputStream())).run(false);
        byte[] expected = Files.readAllBytes(whole.resolve(RunFolder.CHECKPOINT_FILE));

        Path run = dir.resolve("killed");
        Random random = new Random(Long.getLong("seer4j.crashSeed", System.nanoTime()));
        int kills = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        List<Long> killedAt = new ArrayList<>();
        while (kills < 5 && System.nanoTime() < deadline) {
            Process p = child(run);
            awaitReady(p);
            // kill once the metrics reach a random later iteration, then 0-30 ms on: inside a step or a checkpoint write
            long target = metricsLines(run) + 1 + random.nextInt((int) Math.max(1, STEPS / 3));
            long stalled = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && metricsLines(run) < target) {
                if (System.nanoTime() > stalled) {
                    p.destroyForcibly();
                    throw new AssertionError("the child wrote no metrics line in 60 s: it hung (kills so far at "
                            + killedAt + ")");
                }
                Thread.sleep(2);
            }
            Thread.sleep(random.nextInt(30));
            if (!p.isAlive()) {
                break; // finished before the kill
            }
            p.destroyForcibly(); // SIGKILL on Unix: kill -9
            p.waitFor(10, TimeUnit.SECONDS);
            kills++;
            killedAt.add(Files.exists(run.resolve(RunFolder.CHECKPOINT_FILE))
                    ? CheckpointFile.readHeader(run.resolve(RunFolder.CHECKPOINT_FILE)).iteration() : -1);
        }
        System.out.println("CrashResumeTest: killed with checkpoints at iterations " + killedAt);
        Process last = child(run);
        awaitReady(last);
        assertTrue(last.waitFor(40, TimeUnit.SECONDS), "the resumed child did not finish");
        assertEquals(0, last.exitValue());
        assertTrue(kills >= 1, "no kill landed");

        assertArrayEquals(expected, Files.readAllBytes(run.resolve(RunFolder.CHECKPOINT_FILE)),
                "checkpoints differ after kills at checkpoint iterations " + killedAt);
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
        }
        List<String> lines = Files.readAllLines(run.resolve(RunFolder.METRICS_FILE));
        assertEquals(STEPS, lines.size(), "metrics lines after kills at " + killedAt);
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"iteration\":" + (i + 1) + ","), lines.get(i));
        }
    }

    private static long metricsLines(Path run) throws java.io.IOException {
        Path m = run.resolve(RunFolder.METRICS_FILE);
        if (!Files.exists(m)) {
            return 0;
        }
        long n = 0;
        for (byte b : Files.readAllBytes(m)) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    private static Process child(Path run) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-cp",
                System.getProperty("java.class.path"), TinyRun.class.getName(), run.toString(), Long.toString(STEPS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitReady(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (java.io.IOException e) {
                return "unreadable: " + e.getMessage();
            }
        });
        try {
            assertEquals("ready", line.get(60, TimeUnit.SECONDS), "the child did not start");
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("the child printed nothing in 60 s: it hung while starting", e);
        }
    }
}
