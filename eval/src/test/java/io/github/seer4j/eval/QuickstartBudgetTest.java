package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where the quickstart's pretraining ends (hand values). */
class QuickstartBudgetTest {

    @Test
    void pretrainingLeavesTheProbeOfTheTrunkWithAMarginAndTheChart() {
        // 2 minutes, random-init probes of 8 s: the pretrained one is given 1.25 x 8 = 10 s, the chart 1 s
        assertEquals(109, Quickstart.pretrainEnd(120, 8), 1e-12);
        assertEquals(600 - 2.5 - 1, Quickstart.pretrainEnd(600, 2), 1e-12);
    }
}
