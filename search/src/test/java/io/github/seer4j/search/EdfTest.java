package io.github.seer4j.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** EDF F(e) = fraction of values strictly below e, on a hand-made list. */
class EdfTest {
    private final Edf edf = Edf.of(new double[] {3, 1, 2, 2});

    @Test
    void fractionsBelow() {
        assertEquals(0.0, edf.at(0));
        assertEquals(0.0, edf.at(1)); // strictly below
        assertEquals(0.25, edf.at(1.5));
        assertEquals(0.25, edf.at(2));
        assertEquals(0.75, edf.at(2.5));
        assertEquals(0.75, edf.at(3));
        assertEquals(1.0, edf.at(3.1));
    }

    @Test
    void summary() {
        assertEquals(4, edf.n());
        assertEquals(1, edf.min());
        assertEquals(3, edf.max());
        assertEquals(2, edf.mean());
    }

    @Test
    void stepsMergeTies() {
        double[][] s = edf.steps();
        assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3}, s[0]);
        assertArrayEquals(new double[] {0, 0.25, 0.25, 0.75, 0.75, 1}, s[1]);
    }

    @Test
    void rejectsEmptyAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> Edf.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Edf.of(new double[] {1, Double.NaN}));
    }
}
