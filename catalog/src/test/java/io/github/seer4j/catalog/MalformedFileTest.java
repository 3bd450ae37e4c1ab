package io.github.seer4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.RegNet;
import org.junit.jupiter.api.Test;

/** Broken files fail with the file, the line and the field. */
class MalformedFileTest {

    private static CatalogFileException yaml(String text) {
        return assertThrows(CatalogFileException.class, () -> PyclsYaml.read("cfg/bad.yaml", text, "x"));
    }

    private static CatalogFileException json(String text) {
        return assertThrows(CatalogFileException.class, () -> SpecJson.readAll("specs/bad.json", text));
    }

    @Test
    void yamlWrongTypeNamesLineAndField() {
        CatalogFileException e = yaml("""
                MODEL:
                  TYPE: regnet
                  NUM_CLASSES: 1000
                REGNET:
                  DEPTH: 16
                  W0: 48
                  WA: lots
                  WM: 2.09
                  GROUP_W: 8
                """);
        assertEquals(7, e.line());
        assertEquals("REGNET.WA", e.field());
        assertTrue(e.getMessage().startsWith("cfg/bad.yaml:7: field REGNET.WA: expected a number"), e.getMessage());
    }

    @Test
    void yamlMissingFieldNamesTheSection() {
        CatalogFileException e = yaml("""
                MODEL:
                  TYPE: regnet
                  NUM_CLASSES: 1000
                REGNET:
                  DEPTH: 16
                  W0: 48
                  WA: 27.89
                  GROUP_W: 8
                """);
        assertEquals("REGNET.WM", e.field());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void yamlInvalidValueAndUnknownKey() {
        CatalogFileException bad = yaml("MODEL:\n  TYPE: regnet\n  NUM_CLASSES: 10\nREGNET:\n  DEPTH: 16\n"
                + "  W0: 50\n  WA: 27.89\n  WM: 2.09\n  GROUP_W: 8\n");
        assertEquals("REGNET.W0", bad.field());
        assertEquals(6, bad.line());
        assertTrue(bad.getMessage().contains("w0 must be a positive multiple of 8"), bad.getMessage());
        CatalogFileException typo = yaml("MODEL:\n  TYPE: anynet\n  NUM_CLASSES: 10\nANYNET:\n  DEPTH: [1]\n");
        assertEquals(5, typo.line());
        assertEquals("ANYNET.DEPTH", typo.field());
    }

    @Test
    void yamlSyntaxErrorHasALine() {
        CatalogFileException e = yaml("MODEL:\n  TYPE: regnet\n  NUM_CLASSES: [1000\nREGNET: {}\n");
        assertTrue(e.line() >= 3, e.getMessage());
        assertTrue(e.getMessage().startsWith("cfg/bad.yaml:"), e.getMessage());
    }

    @Test
    void jsonStageErrorNamesTheStage() {
        String good = SpecJson.write(RegNet.named("RegNetY-400MF").withName("n"), 224);
        // third stage (index 2) starts after 2 * 11 lines of stages; break its group width
        String broken = good.replaceFirst("(\"width\": 208,\\s+\"depth\": 6,\\s+\"stride\": 2,\\s+)\"groupWidth\": 8",
                "$1\"groupWidth\": 7");
        int line = broken.substring(0, broken.indexOf("\"groupWidth\": 7")).split("\n", -1).length;
        CatalogFileException e = json(broken.replace("\"generator\"", "\"unused\"").replaceAll(
                "(?s),\\s+\"unused\": \\{.*?\\}", ""));
        assertEquals("stages[2].groupWidth", e.field(), e.getMessage());
        assertEquals(line, e.line());
        assertTrue(e.getMessage().contains("groupWidth 7 does not divide the bottleneck width 208"), e.getMessage());
    }

    @Test
    void jsonWrongTypeAndTruncation() {
        CatalogFileException e = json("{\n  \"format\": \"seer4j-spec/1\",\n  \"name\": 12\n}\n");
        assertEquals(3, e.line());
        assertEquals("name", e.field());
        CatalogFileException cut = json("{\n  \"format\": \"seer4j-spec/1\",\n  \"name\": \"a\",\n");
        assertTrue(cut.getMessage().startsWith("specs/bad.json:"), cut.getMessage());
        assertTrue(cut.getMessage().contains("malformed JSON"), cut.getMessage());
    }
}
