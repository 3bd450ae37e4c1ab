package io.github.seer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code story}'s argument checks: bad input exits with 2 and a one-line message before any work starts. */
class StoryCliTest {

    @Test
    void unsupportedDataIsRefused() {
        CliTest.Run r = CliTest.run("story", "--data", "cifar10", "--out", "target/never");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("only --data fashion-mnist is supported, got 'cifar10'"), r.err());
    }

    @Test
    void modelAndFlopsTogetherAreRefused() {
        CliTest.Run r = CliTest.run("story", "--model", "RegNetY-200MF", "--flops", "50e6", "--out", "target/never");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give --model or --flops, not both"), r.err());
    }

    @Test
    void aBudgetUnderOneMinuteIsRefused() {
        CliTest.Run r = CliTest.run("story", "--budget-minutes", "0.5", "--out", "target/never");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--budget-minutes must be at least 1, got 0.5"), r.err());
    }

    @Test
    void badFractionsAreRefused() {
        CliTest.Run r = CliTest.run("story", "--fractions", "0.1,1.5", "--out", "target/never");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("label fractions must be distinct and in (0, 1], got [0.1, 1.5]"), r.err());
    }
}
