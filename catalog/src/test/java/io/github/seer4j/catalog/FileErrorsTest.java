package io.github.seer4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads name the file and what is wrong; folder exports are all or nothing and do not overwrite by default. */
class FileErrorsTest {
    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void randomBytesAreNotUtf8AtTheirOffset() throws Exception {
        Path f = tmp.resolve("garbage.json");
        Files.write(f, new byte[] {'{', ' ', '"', (byte) 0x9f, 'a', 0x01});
        CatalogFileException e = assertThrows(CatalogFileException.class, () -> Catalog.importAll(f));
        assertTrue(e.getMessage().startsWith(f + ": not UTF-8 text (byte 0x9f at offset 3); a spec file is JSON"),
                e.getMessage());
    }

    @Test
    void missingFileAndFolderAreNamed() {
        Path missing = tmp.resolve("nope.json");
        assertEquals(missing + ": no such file; check the path",
                assertThrows(CatalogFileException.class, () -> Catalog.importAll(missing)).getMessage());
        assertTrue(assertThrows(CatalogFileException.class, () -> Catalog.importAll(tmp)).getMessage()
                .startsWith(tmp + ": is a folder"));
    }

    @Test
    void exportRefusesAnExistingTargetWithoutForceAndReplacesItWithForce() throws Exception {
        List<NetworkSpec> one = List.of(RegNet.named("RegNetY-400MF"));
        Path out = tmp.resolve("out");
        Files.writeString(out, "precious");
        CatalogWriteException e = assertThrows(CatalogWriteException.class,
                () -> Catalog.exportTo(out, one, CatalogFormat.JSON, 224));
        assertEquals("cannot write " + out + ": a file already exists; choose another output, remove it, or add"
                + " --force to replace it", e.getMessage());
        assertEquals("precious", Files.readString(out));
        Catalog.exportTo(out, one, CatalogFormat.JSON, 224, true);
        assertEquals(List.of("RegNetY-400MF.json"), names(out));
        Catalog.exportTo(out, List.of(RegNet.named("RegNetY-800MF")), CatalogFormat.YAML_PYCLS, 224, true);
        assertEquals(List.of("RegNetY-800MF.yaml"), names(out));
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void anExportThatFailsLeavesNothing() throws Exception {
        Path out = tmp.resolve("vissl");
        List<NetworkSpec> specs = List.of(RegNet.named("RegNetY-400MF"), RegNet.named("RegNetY-800MF"),
                NetworkSpec.anyNet("any", RegNet.named("RegNetY-400MF").stages(), 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Catalog.exportTo(out, specs, CatalogFormat.VISSL, 224));
        assertTrue(e.getMessage().startsWith("cannot export any as vissl: VISSL describes RegNets by their generator"
                + " numbers"), e.getMessage());
        assertEquals(List.of(), names(tmp));
    }

    @Test
    void aWriteErrorNamesThePathAndTheFix() throws Exception {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "x");
        CatalogWriteException e = assertThrows(CatalogWriteException.class, () -> Catalog.exportTo(
                blocker.resolve("sub"), List.of(RegNet.named("RegNetY-400MF")), CatalogFormat.JSON, 224));
        assertTrue(e.getMessage().startsWith("cannot create the folder " + blocker), e.getMessage());
        assertTrue(e.getMessage().endsWith("; choose another output"), e.getMessage());
        assertFalse(names(tmp).stream().anyMatch(n -> n.startsWith(".")), names(tmp).toString());
    }

    @Test
    void writeFileReplacesAFileAtomicallyAndRefusesAFolder() throws Exception {
        Path f = tmp.resolve("a/best.json");
        Catalog.writeFile(f, "one");
        Catalog.writeFile(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("best.json"), names(tmp.resolve("a")));
        CatalogWriteException e = assertThrows(CatalogWriteException.class, () -> Catalog.writeFile(tmp, "x"));
        assertEquals("cannot write " + tmp + ": a folder is in the way; remove it or choose another output",
                e.getMessage());
    }

    @Test
    void aListInAListIsNotASpecFile() {
        String spec = SpecJson.write(RegNet.named("RegNetY-400MF"), 224);
        CatalogFileException e = assertThrows(CatalogFileException.class,
                () -> SpecJson.readAll("l.json", "[[" + spec + "]]"));
        assertTrue(e.getMessage().startsWith("l.json:1: field [0]: expected a spec"), e.getMessage());
    }
}
