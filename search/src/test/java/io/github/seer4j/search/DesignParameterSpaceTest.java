package io.github.seer4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.DesignSpace;
import io.github.seer4j.designspace.NetworkSpec;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.junit.jupiter.api.Test;

/** The Arbiter spaces draw what the designspace spaces contain, with their sharing and ordering constraints. */
class DesignParameterSpaceTest {

    private static DesignPoint draw(RandomSearchGenerator g) {
        return (DesignPoint) g.getCandidate().getValue();
    }

    private static RandomSearchGenerator generator(String space, long seed) {
        RandomSearchGenerator g = new RandomSearchGenerator(DesignParameterSpace.of(space), Collections.emptyMap());
        g.setRngSeed(seed);
        return g;
    }

    @Test
    void anyNetDrawsAreInTheirSpaceWithTheirConstraints() {
        for (String name : new String[] {"AnyNetXA", "AnyNetXB", "AnyNetXC", "AnyNetXD", "AnyNetXE"}) {
            RandomSearchGenerator g = generator(name, 3);
            DesignSpace space = DesignSpace.named(name);
            Set<Double> bottlenecks = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                AnyNetPoint p = (AnyNetPoint) draw(g);
                NetworkSpec spec = p.toSpec("x", 1000);
                assertTrue(space.contains(spec), name + " " + p);
                bottlenecks.addAll(p.bottlenecks());
                if (name.compareTo("AnyNetXB") >= 0) {
                    assertEquals(1, new HashSet<>(p.bottlenecks()).size(), name + " shares b: " + p);
                }
                for (int s = 1; s < 4; s++) {
                    if (name.compareTo("AnyNetXD") >= 0) {
                        assertTrue(p.widths().get(s) >= p.widths().get(s - 1), name + " widths " + p);
                    }
                    if (name.equals("AnyNetXE")) {
                        assertTrue(p.depths().get(s) >= p.depths().get(s - 1), name + " depths " + p);
                    }
                }
            }
            assertEquals(Set.of(1.0, 0.5, 0.25), bottlenecks, name);
        }
    }

    @Test
    void regNetDrawsStayInPyclsRanges() {
        RandomSearchGenerator g = generator("RegNetY", 5);
        DesignSpace space = DesignSpace.named("RegNetY");
        int contained = 0;
        for (int i = 0; i < 1000; i++) {
            RegNetPoint p = (RegNetPoint) draw(g);
            assertTrue(p.depth() >= 12 && p.depth() <= 28, p.toString());
            assertTrue(p.w0() >= 8 && p.w0() <= 256 && p.w0() % 8 == 0, p.toString());
            assertTrue(p.wa() >= 8 && p.wa() <= 256 && p.wa() * 10 == Math.rint(p.wa() * 10), p.toString());
            assertTrue(p.wm() >= 2 && p.wm() <= 3 && Math.abs(p.wm() * 1000 - Math.rint(p.wm() * 1000)) < 1e-9,
                    p.toString());
            assertTrue(p.groupWidth() >= 8 && p.groupWidth() <= 128 && p.groupWidth() % 8 == 0, p.toString());
            assertEquals(0.25, p.seRatio());
            if (space.contains(p.toSpec("y", 1000))) {
                contained++;
            }
        }
        // the rest have fewer stages than their generator could make (pycls rejects those too)
        assertTrue(contained > 300, "contained " + contained);
    }

    @Test
    void logUniformLeafMatchesPyclsEnds() {
        LogUniformSpace w0 = new LogUniformSpace(8, 256, 8);
        assertEquals(256.0, w0.map(0.0));
        assertEquals(8.0, w0.map(0.999999));
        LogUniformSpace wa = new LogUniformSpace(8, 256, 0.1);
        double v = wa.map(0.37);
        assertEquals(Math.rint(v * 10) / 10, v);
    }

    @Test
    void unknownSpaceNamesTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> DesignParameterSpace.of("ResNet"));
        assertTrue(e.getMessage().contains("RegNetX, RegNetY, AnyNetXA"), e.getMessage());
    }
}
