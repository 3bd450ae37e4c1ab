package io.github.seer4j.searchspark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.cli.Seer4j;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seer4j search --spark local[2]} with the add-on on the class path, and the commands that read its results. */
class SparkSearchCliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Seer4j.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static List<String> sortedWithoutSeconds(Path dir) throws Exception {
        try (Stream<String> lines = Files.lines(dir.resolve("results.jsonl"))) {
            return lines.map(l -> l.replaceAll("\"seconds\":[^,]+,", "")).sorted().toList();
        }
    }

    @Test
    void searchOnSparkWritesTheSequentialResultsAndEdfAndExportReadThem() throws Exception {
        String[] search = {"search", "--space", "RegNetX", "--flops-min", "36e6", "--flops-max", "44e6", "--n", "6",
            "--score", "activations", "--seed", "3"};
        Path seq = tmp.resolve("seq");
        Path spark = tmp.resolve("spark");
        Run a = run(Stream.concat(Stream.of(search), Stream.of("--out", seq.toString())).toArray(String[]::new));
        assertEquals(0, a.code(), a.err());
        Run b = run(Stream.concat(Stream.of(search), Stream.of("--out", spark.toString(), "--spark", "local[2]"))
                .toArray(String[]::new));
        assertEquals(0, b.code(), b.err());
        assertTrue(b.err().contains("spark: master local[2,4], 2 task slot(s), 4 attempt(s) per candidate"), b.err());
        assertEquals(6, b.err().lines().filter(l -> l.startsWith("[")).count(), b.err());
        assertEquals(sortedWithoutSeconds(seq), sortedWithoutSeconds(spark));
        // the same best candidate, so the same summary line apart from the directory
        assertEquals(a.out().lines().findFirst().orElseThrow(), b.out().lines().findFirst().orElseThrow());
        assertEquals(Files.readString(seq.resolve("best.json")), Files.readString(spark.resolve("best.json")));

        Run edf = run("edf", spark.toString(), "--out", tmp.resolve("edf.png").toString());
        assertEquals(0, edf.code(), edf.err());
        Path configs = tmp.resolve("configs");
        Run exp = run("catalog", "export", "--from", spark.toString(), "--top", "2", "--format", "yaml-pycls",
                "--out", configs.toString());
        assertEquals(0, exp.code(), exp.err());
        try (Stream<Path> files = Files.list(configs)) {
            assertEquals(2, files.count());
        }
    }
}
