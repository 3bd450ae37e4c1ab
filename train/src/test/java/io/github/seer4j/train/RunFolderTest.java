package io.github.seer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheFolder(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("r");
        try (RunFolder first = RunFolder.open(run, false, false)) {
            RunFolder.BusyException e = assertThrows(RunFolder.BusyException.class,
                    () -> RunFolder.open(run, true, false));
            assertTrue(e.getMessage().contains(run.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("another run is writing"), e.getMessage());
        }
        RunFolder.open(run, true, false).close(); // released with the first
    }

    @Test
    void aFreshRunIntoAUsedFolderIsRefusedUnlessForced(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"iteration\":1,\"loss\":4.6}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir, false, false));
        assertTrue(e.getMessage().contains("--resume") && e.getMessage().contains("--force"), e.getMessage());
        RunFolder.open(dir, false, true).close();
        RunFolder.open(dir, true, false).close();
    }

    @Test
    void aTrainerRefusesToReplaceAFinishedRun(@TempDir Path dir) throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        TinyRun.trainer(dir, TinyRun.config(2), quiet).run(false);
        byte[] before = Files.readAllBytes(dir.resolve("checkpoint.bin"));
        assertThrows(IllegalArgumentException.class, () -> TinyRun.trainer(dir, TinyRun.config(1), quiet).run(false));
        assertEquals(2, CheckpointFile.readHeader(dir.resolve("checkpoint.bin")).iteration());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("checkpoint.bin"))));
    }

    @Test
    void staleTemporaryFilesAreRemovedAtStart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".checkpoint.bin.123.tmp"), "half");
        Files.writeString(dir.resolve("trunk.bin456.tmp"), "half");
        Files.writeString(dir.resolve("notes.txt"), "kept");
        try (RunFolder f = RunFolder.open(dir, true, false)) {
            assertFalse(Files.exists(dir.resolve(".checkpoint.bin.123.tmp")));
            assertFalse(Files.exists(dir.resolve("trunk.bin456.tmp")));
            assertTrue(Files.exists(dir.resolve("notes.txt")));
        }
    }

    @Test
    void metricsAreCutBackToTheCheckpointsIterationAndAHalfLineIsDropped(@TempDir Path dir) throws IOException {
        String kept = "{\"iteration\":1,\"loss\":4.6}\n{\"iteration\":2,\"loss\":4.5}\n";
        Files.writeString(dir.resolve("metrics.jsonl"), kept + "{\"iteration\":3,\"loss\":4.4}\n{\"iteration\":4,\"lo");
        try (RunFolder f = RunFolder.open(dir, true, false)) {
            assertEquals(2, f.truncateMetrics(2));
        }
        assertEquals(kept, Files.readString(dir.resolve("metrics.jsonl"), StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("metrics.jsonl"), kept + "{\"iteration\":3,\"lo");
        try (RunFolder f = RunFolder.open(dir, true, false)) {
            assertEquals(2, f.truncateMetrics(7)); // a full disk's half line goes even below the checkpoint
        }
        assertEquals(List.of("{\"iteration\":1,\"loss\":4.6}", "{\"iteration\":2,\"loss\":4.5}"),
                Files.readAllLines(dir.resolve("metrics.jsonl")));
    }

    @Test
    void theIterationIsFoundWhereverItStandsInTheLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"loss\":4.6,\"iteration\":1}\n{\"loss\":4.5,\"iteration\":2}\n"
                + "{\"loss\":4.4,\"iteration\":3}\n");
        try (RunFolder f = RunFolder.open(dir, true, false)) {
            assertEquals(2, f.truncateMetrics(2));
        }
        assertEquals("{\"loss\":4.6,\"iteration\":1}\n{\"loss\":4.5,\"iteration\":2}\n",
                Files.readString(dir.resolve("metrics.jsonl")));
    }

    @Test
    void anEmptyPathIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(Path.of(""), false, false));
        assertTrue(e.getMessage().contains("empty path"), e.getMessage());
    }
}
