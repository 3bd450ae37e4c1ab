package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One spec format everywhere: what describe, fit and sample print with --json is what catalog import reads (and
 * prints back unchanged); exports are all or nothing; unreadable files and unwritable targets fail in one line.
 */
class SpecFilesCliTest {
    @TempDir
    Path tmp;

    private Path saved(String name, CliTest.Run r) throws Exception {
        assertEquals(0, r.code(), r.err());
        Path f = tmp.resolve(name);
        Files.writeString(f, r.out());
        return f;
    }

    @Test
    void fitOutputImportsAsTheSameSpec() throws Exception {
        CliTest.Run fit = CliTest.run("fit", "--flops", "400e6", "--json");
        CliTest.Run imp = CliTest.run("catalog", "import", saved("f.json", fit).toString());
        assertEquals(0, imp.code(), imp.err());
        assertEquals(fit.out(), imp.out());
    }

    @Test
    void describeOutputImportsAsTheSameSpec() throws Exception {
        CliTest.Run d = CliTest.run("describe", "RegNetY-400MF", "--resolution", "32", "--classes", "10",
                "--channels", "1", "--json");
        CliTest.Run imp = CliTest.run("catalog", "import", saved("d.json", d).toString(), "--resolution", "32");
        assertEquals(0, imp.code(), imp.err());
        assertEquals(d.out(), imp.out());
        assertEquals(1, imp.json().get("stem").get("inChannels").asInt());
        assertEquals(10, imp.json().get("head").get("classes").asInt());
    }

    @Test
    void sampleOutputImportsAsTheSameList() throws Exception {
        CliTest.Run s = CliTest.run("sample", "--space", "AnyNetXA", "--n", "3", "--seed", "2", "--json");
        CliTest.Run imp = CliTest.run("catalog", "import", saved("s.json", s).toString());
        assertEquals(0, imp.code(), imp.err());
        assertEquals(3, imp.json().size());
        assertEquals(s.out(), imp.out());
    }

    @Test
    void aSpecWrappedUnderSpecImports() throws Exception {
        CliTest.Run d = CliTest.run("describe", "RegNetX-400MF", "--json");
        Path f = tmp.resolve("report.json");
        Files.writeString(f, "{\"spec\": " + d.out() + ", \"top1\": 71.2}");
        CliTest.Run imp = CliTest.run("catalog", "import", f.toString());
        assertEquals(0, imp.code(), imp.err());
        assertEquals(d.out(), imp.out());
    }

    @Test
    void visslExportIsAllOrNothingAndDoesNotOverwrite() throws Exception {
        Path out = tmp.resolve("vissl");
        CliTest.Run all = CliTest.run("catalog", "export", "--models", "all", "--format", "vissl", "--out",
                out.toString());
        assertEquals(2, all.code());
        assertEquals(1, all.err().strip().lines().count(), all.err());
        assertTrue(all.err().contains("nothing was written"), all.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
        CliTest.Run two = CliTest.run("catalog", "export", "--models", "RegNetY-400MF,RegNetY-16GF", "--format",
                "vissl", "--out", out.toString());
        assertEquals(0, two.code(), two.err());
        assertTrue(Files.readString(out.resolve("RegNetY-16GF.yaml")).contains("""
                config:
                  MODEL:
                    TRUNK:
                      NAME: regnet
                      REGNET:
                        depth: 18
                        w_0: 200
                        w_a: 106.23
                        w_m: 2.48
                        group_width: 112
                """));
        CliTest.Run again = CliTest.run("catalog", "export", "--models", "RegNetY-800MF", "--format", "vissl",
                "--out", out.toString());
        assertEquals(1, again.code());
        assertEquals("seer4j: cannot write " + out + ": the folder already exists; choose another output, remove it,"
                + " or add --force to replace it", again.err().strip());
        CliTest.Run forced = CliTest.run("catalog", "export", "--models", "RegNetY-800MF", "--format", "vissl",
                "--out", out.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count());
        }
        CliTest.Run back = CliTest.run("catalog", "import", out.resolve("RegNetY-800MF.yaml").toString());
        assertEquals(0, back.code(), back.err());
        JsonNode g = back.json().get("generator");
        assertEquals(14, g.get("depth").asInt()); // RegNetY-800MF: d=14, w0=56, wa=38.84, wm=2.4, g=16
        assertEquals(56, g.get("w0").asInt());
        assertEquals(38.84, g.get("wa").asDouble());
        assertEquals(2.4, g.get("wm").asDouble());
        assertEquals(16, g.get("groupWidth").asInt());
    }

    @Test
    void unreadableFilesFailInOneLineNamingTheFile() throws Exception {
        Path garbage = tmp.resolve("garbage.json");
        Files.write(garbage, new byte[] {'{', '\n', ' ', (byte) 0x9f, 0x00, (byte) 0xff});
        CliTest.Run g = CliTest.run("catalog", "import", garbage.toString());
        assertEquals(2, g.code());
        assertTrue(g.err().startsWith("seer4j: " + garbage + ": not UTF-8 text (byte 0x9f at offset 3)"), g.err());
        Path silu = tmp.resolve("silu.yaml");
        Files.writeString(silu, "MODEL:\n  TYPE: regnet\n  ACTIVATION_FUN: silu\n  NUM_CLASSES: 1000\nREGNET:\n"
                + "  DEPTH: 16\n  W0: 48\n  WA: 27.89\n  WM: 2.09\n  GROUP_W: 8\n");
        CliTest.Run s = CliTest.run("catalog", "import", silu.toString());
        assertEquals(2, s.code());
        assertTrue(s.err().startsWith("seer4j: " + silu + ":3: field MODEL.ACTIVATION_FUN: seer4j builds ReLU"),
                s.err());
        assertEquals(1, s.err().strip().lines().count(), s.err());
    }

    @Test
    void torchvisionSnippetImports() throws Exception {
        Path out = tmp.resolve("tv");
        CliTest.Run e = CliTest.run("catalog", "export", "--models", "regnet_y_800mf", "--format", "torchvision",
                "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        CliTest.Run imp = CliTest.run("catalog", "import", out.resolve("regnet_y_800mf.py").toString());
        assertEquals(0, imp.code(), imp.err());
        assertEquals(CliTest.run("describe", "regnet_y_800mf", "--json").out(), imp.out());
    }
}
