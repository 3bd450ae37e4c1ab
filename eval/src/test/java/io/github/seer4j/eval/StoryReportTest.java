package io.github.seer4j.eval;

import io.github.seer4j.train.AtomicFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** story.md, story.json and story.png from a hand-made result. */
class StoryReportTest {

    static final double LN_100 = Math.log(100);

    /** Two fractions; supervised measured at 1% only, so its 100% cell is missing. */
    static StoryResult handMade() {
        return new StoryResult(
                new StoryResult.Model("RegNetY-tiny", List.of(8, 16), List.of(1, 2), 50_000_000L, 880_000L, 12_345L),
                new StoryResult.Data("fashion-mnist", 60_000, 10_000, 10, "installed"),
                new StoryResult.Budget(30, 1080, 450, 270, 1700),
                new StoryResult.Pretraining(300.4, 200, 64, 4.952, 4.604, LN_100, 100, 0.12, 42.6, true),
                List.of(new StoryResult.Row(StoryMethod.PRETRAINED_LINEAR, 0.01, 0.2941, 600, 0.42, 52, 300, 300,
                                false),
                        new StoryResult.Row(StoryMethod.PRETRAINED_LINEAR, 1.0, 0.5, 60_000, 3.0, 52, 300, 300, false),
                        new StoryResult.Row(StoryMethod.RANDOM_LINEAR, 0.01, 0.599, 600, 0.5, 50, 300, 300, false),
                        new StoryResult.Row(StoryMethod.RANDOM_LINEAR, 1.0, 0.754, 60_000, 2.5, 50, 300, 300, false),
                        new StoryResult.Row(StoryMethod.SUPERVISED, 0.01, 0.447, 600, 31.2, 0, 80, 16, true)));
    }

    @Test
    void markdownTableByHand() {
        String md = StoryTable.markdown(handMade());
        assertTrue(md.startsWith("## SEER story: RegNetY-tiny on fashion-mnist\n\n"), md);
        assertTrue(md.contains("RegNetY-tiny, widths [8, 16], depths [1, 2], 0.88 MF at 28 px (50.0 MF at 224 px),"
                + " 12,345 parameters; 60,000 train / 10,000 test images (installed).\n"), md);
        assertTrue(md.contains("SwAV pretraining without labels: 200 iterations of 64 images in 300 s, loss 4.952 ->"
                + " 4.604 (ln K = 4.605, collapsed: last loss within 1% of ln K), 12.0% of the 100 prototypes"
                + " used.\n"), md);
        assertTrue(md.contains("""
                | method | 1% labels | 100% labels |
                |---|---|---|
                | SwAV pretrained, linear | 29.41% (600, 0.4 s) | 50.00% (60,000, 3.0 s) |
                | random init (mean of 3), linear | 59.90% (600, 0.5 s) | 75.40% (60,000, 2.5 s) |
                | supervised from scratch | 44.70% (600, 31.2 s, 16.00 epochs, time-capped) | - |
                """), md);
        assertTrue(md.contains("Top-1 on all 10,000 test images"), md);
        assertTrue(md.contains("pretrained 52.0 s, the random inits 50.0 s"), md);
        assertTrue(md.contains("Budget 30 min: pretraining 1080 s, supervised 450 s, the rest 270 s; the story took"
                + " 1700 s."), md);
    }

    @Test
    void fractionsArePrintedAsPercentages() {
        assertEquals("1%", StoryResult.percent(0.01));
        assertEquals("10%", StoryResult.percent(0.1));
        assertEquals("100%", StoryResult.percent(1.0));
        assertEquals("0.5%", StoryResult.percent(0.005));
        assertEquals("7%", StoryResult.percent(0.07)); // 0.07 * 100 is 7.000000000000001 in doubles
        assertEquals(List.of(0.01, 1.0), handMade().fractions());
    }

    @Test
    void collapseMeansTheLastLossWithinOnePercentOfLnK() {
        // ln 100 = 4.60517; 1% of it = 0.04605
        assertTrue(StoryResult.Pretraining.collapsed(4.604, LN_100));
        assertTrue(StoryResult.Pretraining.collapsed(4.56, LN_100));   // 0.0452 below
        assertTrue(StoryResult.Pretraining.collapsed(4.65, LN_100));   // 0.0448 above
        assertFalse(StoryResult.Pretraining.collapsed(4.55, LN_100));  // 0.0552 below
        assertFalse(StoryResult.Pretraining.collapsed(2.0, LN_100));
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        StoryResult r = handMade();
        String json = StoryJson.write(r);
        assertEquals(r, StoryJson.read(json));
        JsonNode j = new ObjectMapper().readTree(json);
        assertEquals("RegNetY-tiny", j.at("/model/name").asText());
        assertEquals("[8,16]", j.at("/model/widths").toString());
        assertEquals(30.0, j.at("/budget/minutes").asDouble());
        assertEquals(1080.0, j.at("/budget/pretrainSeconds").asDouble());
        assertEquals(200, j.at("/pretraining/iterations").asLong());
        assertEquals(300.4, j.at("/pretraining/seconds").asDouble());
        assertEquals(4.952, j.at("/pretraining/firstLoss").asDouble());
        assertEquals(4.604, j.at("/pretraining/lastLoss").asDouble());
        assertEquals(LN_100, j.at("/pretraining/lnK").asDouble());
        assertEquals(0.12, j.at("/pretraining/prototypesUsed").asDouble());
        assertTrue(j.at("/pretraining/collapsed").asBoolean());
        JsonNode row = j.at("/results/4");
        assertEquals("SUPERVISED", row.get("method").asText());
        assertEquals(0.01, row.get("fraction").asDouble());
        assertEquals(0.447, row.get("accuracy").asDouble());
        assertEquals(600, row.get("labelledImages").asInt());
        assertEquals(31.2, row.get("seconds").asDouble());
        assertTrue(row.get("timeCapped").asBoolean());
        assertEquals(5, j.get("results").size());
        assertThrows(IllegalArgumentException.class, () -> StoryJson.read("{\"model\": 3"));
    }

    @Test
    void chartIsAPngAndFilesAreWrittenWhole(@TempDir Path dir) throws Exception {
        byte[] png = StoryChart.png(handMade());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        Path file = AtomicFiles.write(dir.resolve("sub/story.png"), png);
        assertArrayEquals(png, Files.readAllBytes(file));
        AtomicFiles.writeString(file, "replaced");
        assertEquals("replaced", Files.readString(file));
        try (var list = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(file), list.toList(), "no temporary file left behind");
        }
    }
}
