package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad engine setting given as a system property is one line naming the setting and what it accepts, with exit
 * code 2, not a stack trace (a separate JVM: the settings are read once, when the engine's classes load).
 */
class BadSettingsCliTest {

    @Test
    void aBadThresholdIsOneLine(@TempDir Path dir) throws Exception {
        assertOneLine(dir, "-Dseer4j.minValuesPerThread=abc",
                "seer4j: -Dseer4j.minValuesPerThread must be a positive whole number, got 'abc'");
    }

    @Test
    void aBadPrecisionIsOneLine(@TempDir Path dir) throws Exception {
        assertOneLine(dir, "-Dseer4j.convolutions=fp16", "seer4j: -Dseer4j.convolutions must be fp32 or bf16, got 'fp16'");
    }

    private static void assertOneLine(Path dir, String setting, String expected) throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", setting, "-cp", System.getProperty("java.class.path"),
                Seer4j.class.getName(), "bench-step", "--model", "RegNetY-200MF", "--resolution", "32", "--batch",
                "2", "--steps", "1", "--json"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command did not finish in 120 s");
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("seer4j:") || l.contains("Exception")).toList();
        assertEquals(List.of(expected), lines);
        assertEquals(2, p.exitValue());
    }
}
