package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of issue 6: catalog export/import, search, edf. */
class StudiesCliTest {
    @TempDir
    Path tmp;

    @Test
    void catalogExportMarkdownOfTwoPresetsToStdout() {
        CliTest.Run r = CliTest.run("catalog", "export", "--models", "RegNetY-400MF,RegNetY-800MF", "--format",
                "markdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| RegNetY-400MF | 16 | 48 | 27.89 | 2.09 | 8 |"), r.out());
        assertTrue(r.out().contains("| RegNetY-800MF | 14 | 56 | 38.84 | 2.4 | 16 |"), r.out());
    }

    @Test
    void badFormatAndMalformedImportExitWithTwo() throws Exception {
        CliTest.Run bad = CliTest.run("catalog", "export", "--models", "RegNetY-400MF", "--format", "onnx");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown format 'onnx'"), bad.err());
        Path yaml = tmp.resolve("broken.yaml");
        Files.writeString(yaml, "MODEL:\n  TYPE: regnet\n  NUM_CLASSES: ten\n");
        CliTest.Run imp = CliTest.run("catalog", "import", yaml.toString());
        assertEquals(2, imp.code());
        assertTrue(imp.err().contains(yaml + ":3: field MODEL.NUM_CLASSES"), imp.err());
    }

    @Test
    void searchThenExportItsBestThenEdf() throws Exception {
        Path run = tmp.resolve("search1");
        CliTest.Run s = CliTest.run("search", "--space", "RegNetY", "--flops-min", "36e6", "--flops-max", "44e6",
                "--n", "6", "--score", "activations", "--seed", "1", "--out", run.toString());
        assertEquals(0, s.code(), s.err());
        assertEquals(6, s.err().lines().filter(l -> l.startsWith("[")).count(), s.err());
        assertTrue(Files.size(run.resolve("edf.png")) > 1000);
        CliTest.Run imp = CliTest.run("catalog", "import", run.resolve("best.json").toString());
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.json().get("generator").has("wa"), imp.out());
        Path configs = tmp.resolve("configs");
        CliTest.Run exp = CliTest.run("catalog", "export", "--from", run.toString(), "--top", "2", "--format",
                "yaml-pycls", "--out", configs.toString());
        assertEquals(0, exp.code(), exp.err());
        try (var files = Files.list(configs)) {
            assertEquals(2, files.count());
        }
        CliTest.Run edf = CliTest.run("edf", run.toString(), "--out", tmp.resolve("edf.png").toString(),
                "--bootstrap", "depth");
        assertEquals(0, edf.code(), edf.err());
        assertTrue(edf.out().contains("best depth"), edf.out());
        assertTrue(Files.size(tmp.resolve("edf.png")) > 1000);
        CliTest.Run foo = CliTest.run("edf", run.toString(), "--out", tmp.resolve("edf2.png").toString(),
                "--bootstrap", "foo");
        assertEquals(2, foo.code());
        assertTrue(foo.err().contains("--bootstrap foo: not a parameter of RegNetY"), foo.err());
        assertTrue(!Files.exists(tmp.resolve("edf2.png")));
    }

    @Test
    void sparkWithoutTheAddOnFailsWithOneLineSayingHowToGetIt() {
        CliTest.Run r = CliTest.run("search", "--space", "RegNetY", "--flops-min", "36e6", "--flops-max", "44e6",
                "--n", "2", "--spark", "local[2]", "--out", tmp.resolve("spark").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("seer4j: " + SearchCommand.NO_SPARK, r.err().strip());
        assertTrue(r.err().contains("docs/search-spark.md"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void supervisedScoreTrainsEachCandidateAndRecordsItsTestError() throws Exception {
        Path run = tmp.resolve("sup");
        CliTest.Run r = CliTest.run("search", "--space", "RegNetY", "--flops-min", "36e6", "--flops-max", "44e6",
                "--n", "1", "--score", "supervised", "--epochs", "1", "--train-images", "20", "--test-images", "20",
                "--seed", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Files.readAllLines(run.resolve("results.jsonl")).get(0));
        assertEquals("supervised", result.get("scoreName").asText());
        double error = result.get("score").asDouble();
        // 20 test images: the error is a multiple of 1/20 in [0, 1]
        assertTrue(error >= 0 && error <= 1, "error " + error);
        assertEquals(Math.rint(error * 20), error * 20, 1e-9);
    }

    @Test
    void swavScorePretrainsProbesAndRecordsTheProbeError() throws Exception {
        Path run = tmp.resolve("swav");
        CliTest.Run r = CliTest.run("search", "--space", "RegNetY", "--flops-min", "36e6", "--flops-max", "44e6",
                "--n", "1", "--score", "swav", "--epochs", "1", "--train-images", "130", "--test-images", "20",
                "--seed", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Files.readAllLines(run.resolve("results.jsonl")).get(0));
        assertEquals("swav", result.get("scoreName").asText());
        double error = result.get("score").asDouble();
        // 20 test images: the probe error is a multiple of 1/20 in [0, 1]
        assertTrue(error >= 0 && error <= 1, "error " + error);
        assertEquals(Math.rint(error * 20), error * 20, 1e-9);
    }
}
