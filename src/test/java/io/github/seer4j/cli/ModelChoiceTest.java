package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.catalog.PyclsYaml;
import io.github.seer4j.catalog.SpecJson;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One model choice for every sub-command that builds a network: a name, a flop budget or a spec file. */
class ModelChoiceTest {

    private static ModelChoice parse(String... args) {
        BenchStepCommand cmd = new BenchStepCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.model;
    }

    @Test
    void namedModelAndFallback() {
        NetworkSpec s = parse("--model", "RegNetY-400MF").resolve(null);
        assertEquals(List.of(1, 3, 6, 6), s.depths()); // RegNetY-400MF: 16 blocks in four stages
        assertEquals("RegNetY-200MF", parse().resolve(RegNet.named("RegNetY-200MF")).name());
    }

    @Test
    void flopBudgetAcceptsUnits() {
        double f = parse("--flops", "400MF").resolve(null).complexity(224).flops();
        assertEquals(400e6, f, 0.1 * 400e6);
    }

    @Test
    void twoChoicesAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--model", "RegNetY-400MF", "--spec", "x.json").resolve(null));
        assertEquals("give --model or --spec, not both", e.getMessage());
        CliTest.Run r = CliTest.run("bench-step", "--flops", "50e6", "--spec", "x.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give --flops or --spec, not both"), r.err());
    }

    @Test
    void specFilesInJsonAndPyclsYaml(@TempDir Path dir) throws Exception {
        NetworkSpec preset = RegNet.named("RegNetY-400MF");
        Path json = Files.writeString(dir.resolve("m.json"), SpecJson.write(preset, 224));
        Path yaml = Files.writeString(dir.resolve("m.yaml"), PyclsYaml.write(preset, 224));
        for (Path p : List.of(json, yaml)) {
            NetworkSpec s = parse("--spec", p.toString()).resolve(null);
            assertEquals(List.of(48, 104, 208, 440), s.widths(), p.toString());
            assertEquals(List.of(1, 3, 6, 6), s.depths(), p.toString());
        }
    }

    @Test
    void aMissingSpecFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("none.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--spec", missing.toString()).resolve(null));
        assertTrue(e.getMessage().startsWith("no file at --spec " + missing + ";"), e.getMessage());
    }
}
