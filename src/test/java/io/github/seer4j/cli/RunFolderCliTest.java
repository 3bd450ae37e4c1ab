package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pretrain's run-folder contract on the command line: one owner, recorded settings, valid JSON, plain errors. */
class RunFolderCliTest {
    @TempDir
    Path tmp;

    private static CliTest.Run pretrain(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--data", "fashion-mnist", "--flops", "20e6", "--batch",
                "8", "--crops", "2x16", "--workers", "1", "--checkpoint-every", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(new String[0]));
    }

    @Test
    void resumeChecksTheRecordedSettingsAndAFreshRunNeedsForce() throws Exception {
        Path out = tmp.resolve("r");
        CliTest.Run first = pretrain(out, "--steps", "2");
        assertEquals(0, first.code(), first.err());
        assertEquals(2, first.json().get("iterations").asInt());
        assertTrue(first.err().contains("2 iterations: --steps 2 wins over --epochs 1"), first.err());
        assertTrue(first.err().contains("checkpoint: iteration 2 written to " + out.resolve("checkpoint.bin")),
                first.err());

        CliTest.Run again = pretrain(out, "--steps", "1");
        assertEquals(2, again.code());
        assertTrue(again.err().contains(out + " already holds a run"), again.err());

        CliTest.Run other = pretrain(out, "--steps", "3", "--resume", "--prototypes", "50");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("was written with --prototypes 100, this run asks for 50"), other.err());
        assertTrue(!other.err().contains("RegNetNetwork["), other.err()); // refused before the network was built

        CliTest.Run finished = pretrain(out, "--steps", "2", "--resume");
        assertEquals(0, finished.code(), finished.err());
        JsonNode j = finished.json(); // valid JSON: no NaN
        assertTrue(j.get("first_loss").isNull(), finished.out());
        assertTrue(j.get("first_loss_note").asText().startsWith("no iteration ran"), finished.out());
        assertTrue(finished.err().contains("nothing to do"), finished.err());

        CliTest.Run more = pretrain(out, "--steps", "3", "--resume");
        assertEquals(0, more.code(), more.err());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.jsonl")).size());

        CliTest.Run forced = pretrain(out, "--steps", "1", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(1, Files.readAllLines(out.resolve("metrics.jsonl")).size());
    }

    @Test
    void emptyPathsAreArgumentErrors() {
        CliTest.Run noOut = CliTest.run("pretrain", "--data", "fashion-mnist", "--out", "");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("--out is an empty path"), noOut.err());
        CliTest.Run noData = CliTest.run("pretrain", "--data", "", "--out", tmp.resolve("x").toString());
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("--data is an empty path"), noData.err());
    }

    @Test
    void resumeAndForceTogetherAreRefused() {
        CliTest.Run r = CliTest.run("pretrain", "--data", "fashion-mnist", "--resume", "--force", "--out",
                tmp.resolve("rf").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume continues the run in " + tmp.resolve("rf") + ", --force replaces it"),
                r.err());
    }

    @Test
    void anOversizedModelIsRefusedWithItsEstimateBeforeBuilding() {
        CliTest.Run r = CliTest.run("pretrain", "--data", "fashion-mnist", "--flops", "1e12", "--out",
                tmp.resolve("big").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("off-heap") && r.err().contains("but the limit is"), r.err());
        assertTrue(!Files.exists(tmp.resolve("big")), "nothing written");
    }

    @Test
    void overflowingCropsAreAnArgumentError() {
        CliTest.Run r = CliTest.run("pretrain", "--data", "fashion-mnist", "--crops", "2x100000", "--out",
                tmp.resolve("c").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--crops 2x100000"), r.err());
    }

    @Test
    void edfWritesPngsOnly() {
        CliTest.Run txt = CliTest.run("edf", tmp.toString(), "--out", tmp.resolve("edf.txt").toString());
        assertEquals(2, txt.code());
        assertTrue(txt.err().contains("give a name ending in .png, e.g. edf.png"), txt.err());
        CliTest.Run bare = CliTest.run("edf", tmp.toString(), "--out", tmp.resolve(".png").toString());
        assertEquals(2, bare.code());
        assertTrue(bare.err().contains("needs a name before .png"), bare.err());
    }
}
