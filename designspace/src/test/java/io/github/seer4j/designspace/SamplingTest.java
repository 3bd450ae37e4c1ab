package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded sampling of the design spaces under constraints. */
class SamplingTest {

    @Test
    void sameSeedSameNetworks() {
        Constraints c = Constraints.none().flops(360e6, 440e6).stages(4, 4);
        List<NetworkSpec> a = new ConstrainedSampler(RegNetSpace.y(), c).sample(20, 7);
        List<NetworkSpec> b = new ConstrainedSampler(RegNetSpace.y(), c).sample(20, 7);
        assertEquals(a, b);
        for (NetworkSpec s : a) {
            long f = s.complexity(224).flops();
            assertTrue(f >= 360e6 && f <= 440e6, "flops " + f + " inside the window");
            assertEquals(4, s.stages().size());
        }
    }

    @Test
    void regNetDrawsUsePyclsRangesAndQuanta() {
        RegNetSpace space = RegNetSpace.y();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            RegNetParams p = space.sampleParams(rng);
            assertTrue(p.depth() >= 12 && p.depth() <= 28);
            assertTrue(p.w0() >= 8 && p.w0() <= 256 && p.w0() % 8 == 0);
            assertTrue(p.wa() >= 8 && p.wa() <= 256);
            assertTrue(new BigDecimal(Double.toString(p.wa())).scale() <= 1, "wa on a 0.1 grid: " + p.wa());
            assertTrue(p.wm() >= 2 && p.wm() <= 3);
            assertTrue(new BigDecimal(Double.toString(p.wm())).scale() <= 3, "wm on a 0.001 grid: " + p.wm());
            assertTrue(p.groupWidth() >= 8 && p.groupWidth() <= 128 && p.groupWidth() % 8 == 0);
        }
    }

    @Test
    void anyNetVariantsSatisfyTheirConstraints() {
        for (AnyNetSpace.Variant v : AnyNetSpace.Variant.values()) {
            AnyNetSpace space = new AnyNetSpace(v);
            qt().withFixedSeed(v.ordinal()).withExamples(300).forAll(longs().all()).checkAssert(seed -> {
                NetworkSpec s = space.sample(new SplittableRandom(seed));
                assertTrue(space.contains(s), () -> v + " should contain " + s);
                assertEquals(4, s.stages().size());
                for (StageSpec st : s.stages()) {
                    assertEquals(0, st.bottleneckWidth() % st.groupWidth());
                    assertTrue(st.depth() >= 1 && st.depth() <= 16 && st.width() <= 1024);
                }
            });
        }
        // E's constraint rejects a network with decreasing depths
        NetworkSpec decreasing = NetworkSpec.anyNet("x", List.of(new StageSpec(64, 3, 2, 8, 1, 0),
                new StageSpec(128, 2, 2, 8, 1, 0), new StageSpec(256, 2, 2, 8, 1, 0),
                new StageSpec(512, 2, 2, 8, 1, 0)), 1000);
        assertTrue(new AnyNetSpace(AnyNetSpace.Variant.D).contains(decreasing));
        assertTrue(!new AnyNetSpace(AnyNetSpace.Variant.E).contains(decreasing));
    }

    @Test
    void unsatisfiableConstraintsFailWithAClearError() {
        Constraints impossible = Constraints.none().flops(1e3, 2e3);
        InvalidInput.assertMessage(() -> new ConstrainedSampler(RegNetSpace.y(), impossible, 2000).next(
                new SplittableRandom(1)), "no RegNetY network met the constraints", "flops in [1000, 2000]",
                "in 2000 draws", "widen");
    }
}
