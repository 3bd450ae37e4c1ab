package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The two compatibility rules, checked by hand. */
class RoundingTest {

    @Test
    void makeDivisibleRoundsHalvesUpAndNeverDownByMoreThanTenPercent() {
        assertEquals(24, Rounding.makeDivisible(20, 8)); // int(20 + 4) // 8 * 8 = 24: the half goes up
        assertEquals(16, Rounding.makeDivisible(12, 8)); // int(12 + 4) // 8 * 8 = 16
        assertEquals(16, Rounding.makeDivisible(11, 8)); // 8 < 0.9 * 11, so + 8
        assertEquals(8, Rounding.makeDivisible(3, 8)); // at least the divisor
    }

    @Test
    void pyclsRoundsHalvesToEven() {
        // width 20, group 8: round(20 / 8) = round(2.5) = 2 (to even) -> 16
        assertArrayEquals(new int[] {16, 8}, Rounding.PYCLS.adjust(20, 1.0, 8));
        // width 28, group 8: round(3.5) = 4 -> 32
        assertArrayEquals(new int[] {32, 8}, Rounding.PYCLS.adjust(28, 1.0, 8));
        assertArrayEquals(new int[] {24, 8}, Rounding.TORCHVISION.adjust(20, 1.0, 8));
        // group width larger than the width is capped at the width
        assertArrayEquals(new int[] {24, 24}, Rounding.PYCLS.adjust(24, 1.0, 64));
        // bottleneck multiplier 0.25: inner 10 -> group 4 -> round(2.5) = 2 -> 8 inner -> width 32
        assertArrayEquals(new int[] {32, 4}, Rounding.PYCLS.adjust(40, 0.25, 4));
    }

    @Test
    void parse() {
        assertEquals(Rounding.TORCHVISION, Rounding.parse("TorchVision"));
        InvalidInput.assertMessage(() -> Rounding.parse("numpy"), "rounding", "numpy", "pycls or torchvision");
    }
}
