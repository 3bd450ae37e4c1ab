package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
