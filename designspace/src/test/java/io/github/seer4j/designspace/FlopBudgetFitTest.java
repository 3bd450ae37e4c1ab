package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RegNet.y().flops(budget) lands within 2% of the budget, deterministically. */
class FlopBudgetFitTest {

    @ParameterizedTest
    @ValueSource(doubles = {50e6, 200e6, 400e6, 1.7e9, 4e9, 16e9, 64e9})
    void withinTwoPercentWithFourCompleteStages(double budget) {
        NetworkSpec s = RegNet.y().flops(budget).build();
        double f = s.complexity(224).flops();
        assertTrue(Math.abs(f / budget - 1) <= 0.02, () -> f + " vs " + budget);
        assertEquals(4, s.stages().size());
        RegNetParams.Layout layout = s.generator().layout();
        assertEquals(layout.numStages(), layout.totalStages());
        assertTrue(s.squeezeExcitation());
        assertEquals(s, RegNet.y().flops(budget).build(), "deterministic");
    }

    @Test
    void fixedNumbersAreHonouredAndResolutionCounts() {
        NetworkSpec s = RegNet.x().depth(13).wm(2.4).resolution(32).classes(10).inputChannels(1).flops(20e6).build();
        assertEquals(13, s.generator().depth());
        assertEquals(2.4, s.generator().wm());
        assertEquals(0.0, s.generator().seRatio());
        assertEquals(20e6, s.complexity(32).flops(), 0.02 * 20e6);
        assertEquals(1, s.stem().inChannels());
    }

    @Test
    void impossibleBudgetIsExplained() {
        InvalidInput.assertMessage(() -> RegNet.y().flops(1e3).build(), "flops budget must be in", "got 1000F");
    }

    @Test
    void units() {
        assertEquals(1.7e9, Units.parseCount("1.7GF"));
        assertEquals(4e8, Units.parseCount("400MF"));
        assertEquals(5e7, Units.parseCount("50e6"));
        assertEquals(3.6e7, Units.parseCount("36M"));
        InvalidInput.assertMessage(() -> Units.parseCount("lots"), "'lots' is not a count", "1.7GF");
    }
}
