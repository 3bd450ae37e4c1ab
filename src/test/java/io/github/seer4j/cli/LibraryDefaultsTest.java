package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.eval.ProbeFeatures;
import io.github.seer4j.eval.Quickstart;
import io.github.seer4j.eval.StoryBudget;
import io.github.seer4j.eval.StorySettings;
import io.github.seer4j.search.TrainingOptions;
import io.github.seer4j.train.PretrainConfig;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's defaults are the library's: parsed options without values give the library's settings. */
class LibraryDefaultsTest {

    @Test
    void pretrainWithoutOptionsRunsTheLibrarysDefaults() throws Exception {
        PretrainCommand cmd = new PretrainCommand();
        new CommandLine(cmd).parseArgs("--data", "fashion-mnist");
        PretrainConfig parsed = cmd.settings().build();
        PretrainConfig library = PretrainConfig.defaults();
        for (RecordComponent c : PretrainConfig.class.getRecordComponents()) {
            Object a = c.getAccessor().invoke(parsed);
            Object b = c.getAccessor().invoke(library);
            assertTrue(Objects.deepEquals(a, b), c.getName() + ": command line " + show(a) + ", library " + show(b));
        }
    }

    @Test
    void searchStoryQuickstartAndProbeRunTheLibrarysDefaults() {
        SearchCommand search = new SearchCommand();
        new CommandLine(search).parseArgs("--space", "RegNetY", "--out", "target/never");
        assertEquals(TrainingOptions.DEFAULTS, search.training());

        StoryCommand story = new StoryCommand();
        new CommandLine(story).parseArgs();
        assertEquals(StorySettings.defaults(1).fractions(), story.fractions);
        assertEquals(StoryBudget.DEFAULT_MINUTES, story.budgetMinutes);

        QuickstartCommand quickstart = new QuickstartCommand();
        new CommandLine(quickstart).parseArgs();
        assertEquals(Quickstart.DEFAULT_BUDGET_MINUTES, quickstart.budgetMinutes);

        ProbeCommand probe = new ProbeCommand();
        new CommandLine(probe).parseArgs("--checkpoint", "random");
        assertEquals(ProbeFeatures.LAST_STAGE.grid(), probe.grid);
        assertEquals(ProbeFeatures.LAST_STAGE.resolution(), probe.resolution);
    }

    @Test
    void helpShowsTheBudgetsAndScoringSubset() {
        assertTrue(CliTest.run("story", "--help").out().contains("(default 30)"));
        assertTrue(CliTest.run("story", "--help").out().contains("(default 0.01,0.1,1.0)"));
        assertTrue(CliTest.run("quickstart", "--help").out().contains("(default 10)"));
        assertTrue(CliTest.run("search", "--help").out().contains("(default 2000 of 60000)"));
    }

    @Test
    void pretrainHelpShowsTheRecipesEpsilonAndCrops() {
        CliTest.Run r = CliTest.run("pretrain", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(default 0.02;"), r.out());
        assertTrue(r.out().contains("(default 2x28:"), r.out());
    }

    @Test
    void numbersAreWrittenAsByHand() {
        assertEquals("0.0006", LibraryDefaults.text(0.0006));
        assertEquals("1", LibraryDefaults.text(1.0));
        assertEquals("0.14,1", LibraryDefaults.list(0.14, 1.0));
    }

    private static String show(Object o) {
        return o instanceof int[] a ? Arrays.toString(a) : o instanceof double[] d ? Arrays.toString(d) : String.valueOf(o);
    }
}
