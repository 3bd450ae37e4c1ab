package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command-line contract of issue 2: exact forms, JSON fields, exit code 2 on bad arguments. */
class CliTest {

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

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

    @Test
    void everySubcommandsHelpFormatsCleanly() {
        // a bare '%' in a description makes picocli print a format warning instead of the help text
        for (String c : new String[] {"describe", "models", "sample", "fit", "bench-step", "pretrain", "probe",
                "search", "edf", "catalog", "quickstart", "story", "export", "prepare"}) {
            Run r = run(c, "--help");
            assertEquals(0, r.code(), c + ": " + r.err());
            assertFalse((r.out() + r.err()).contains("picocli WARN"), c + ": " + r.err());
            assertTrue(r.out().contains("Usage: seer4j " + c), c + ": " + r.out());
        }
    }

    @Test
    void describePresetJson() throws Exception {
        Run r = run("describe", "RegNetY-400MF", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("seer4j-spec/1", j.get("format").asText());
        assertEquals("RegNetY-400MF", j.get("name").asText());
        JsonNode g = j.get("generator");
        assertEquals(16, g.get("depth").asInt());
        assertEquals(48, g.get("w0").asInt());
        assertEquals(27.89, g.get("wa").asDouble());
        assertEquals(2.09, g.get("wm").asDouble());
        assertEquals(8, g.get("groupWidth").asInt());
        assertEquals(1.0, g.get("bottleneck").asDouble());
        assertEquals(0.25, g.get("seRatio").asDouble());
        StringBuilder widths = new StringBuilder();
        StringBuilder depths = new StringBuilder();
        for (JsonNode st : j.get("stages")) {
            widths.append(st.get("width").asInt()).append(' ');
            depths.append(st.get("depth").asInt()).append(' ');
            assertEquals(8, st.get("groupWidth").asInt());
        }
        assertEquals("48 104 208 440 ", widths.toString());
        assertEquals("1 3 6 6 ", depths.toString());
        JsonNode c = j.get("complexity");
        assertEquals(401849056L, c.get("flops").asLong());
        assertEquals(4344144L, c.get("params").asLong());
        assertEquals(3892496L, c.get("acts").asLong());
    }

    @Test
    void describeGeneratorNumbersWithTorchvisionRounding() throws Exception {
        Run r = run("describe", "--depth", "14", "--w0", "56", "--wa", "38.84", "--wm", "2.4", "--group-width", "16",
                "--se", "0.25", "--rounding", "torchvision", "--json");
        assertEquals(0, r.code(), r.err());
        // torchvision regnet_y_800mf num_params
        assertEquals(6432512L, r.json().get("complexity").get("params").asLong());
    }

    @Test
    void describeAtAnotherResolutionAndHead() throws Exception {
        Run r = run("describe", "RegNetY-400MF", "--resolution", "32", "--classes", "0", "--channels", "1", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(32, r.json().get("complexity").get("resolution").asInt());
        assertEquals(0, r.json().get("head").get("classes").asInt());
        assertEquals(1, r.json().get("stem").get("inChannels").asInt());
    }

    @Test
    void describeBuildCountsTheRealParameters() throws Exception {
        Run r = run("describe", "RegNetY-200MF", "--build", "--json");
        assertEquals(0, r.code(), r.err());
        // pycls's published params of RegNetY-200MF
        assertEquals(3162996L, r.json().get("complexity").get("builtParams").asLong());
    }

    @Test
    void readableTableWithoutJson() {
        Run r = run("describe", "RegNetY-400MF");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("401,849,056"), r.out());
    }

    @Test
    void modelsListsEveryPreset() throws Exception {
        Run r = run("models", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(44, r.json().size());
    }

    @Test
    void sampleRespectsTheWindowAndIsSeeded() throws Exception {
        Run a = run("sample", "--space", "RegNetY", "--n", "5", "--seed", "1", "--flops-min", "360e6", "--flops-max",
                "440e6", "--json");
        assertEquals(0, a.code(), a.err());
        assertEquals(5, a.json().size());
        for (JsonNode s : a.json()) {
            long f = s.get("complexity").get("flops").asLong();
            assertTrue(f >= 360e6 && f <= 440e6);
        }
        assertEquals(a.out(), run("sample", "--space", "RegNetY", "--n", "5", "--seed", "1", "--flops-min", "360e6",
                "--flops-max", "440e6", "--json").out());
    }

    @Test
    void fitLandsWithinTwoPercent() throws Exception {
        Run r = run("fit", "--flops", "1.7GF", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1.7e9, r.json().get("complexity").get("flops").asDouble(), 0.02 * 1.7e9);
    }

    @Test
    void badArgumentsExitTwoWithOneLineAndNoStackTrace() {
        for (String[] args : new String[][] {
            {"describe", "RegNetY-400"},
            {"describe", "--depth", "16", "--w0", "44", "--wa", "27.89", "--wm", "2.09", "--group-width", "8"},
            {"describe", "--w0", "8"},
            {"sample", "--space", "ResNet"},
            {"fit", "--flops", "lots"},
            {"describe", "RegNetY-400MF", "--resolution", "0"},
            {"nonsense"},
        }) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertTrue(r.err().startsWith("seer4j: "), r.err());
        }
    }
}
