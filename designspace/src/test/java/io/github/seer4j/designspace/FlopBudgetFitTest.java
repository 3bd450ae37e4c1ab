package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

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

    /**
     * The smallest RegNetY the fit can return at 224 px (1000 classes, RGB): depth 1, w0 8, wa 0, group width 1.
     * stem 3x3 conv 3->32 at 112x112: 9*3*32*12544 = 10,838,016; the block 32->8, stride 2 (output 56x56 = 3136):
     * projection 1x1 32->8 at 56x56: 32*8*3136 = 802,816; first 1x1 32->8 at the input's 112x112: 32*8*12544 =
     * 3,211,264; depthwise 3x3 on 8 channels at 56x56: 9*8*1*3136 = 225,792; SE of width round(0.25*32) = 8:
     * (8*8+8) + (8*8+8) = 144; last 1x1 8->8 at 56x56: 64*3136 = 200,704; head 8*1000+1000 = 9,000.
     * Sum: 15,287,736. At 28 px the same terms are 9*3*32*196 = 169,344; 32*8*49 = 12,544; 32*8*196 = 50,176;
     * 9*8*49 = 3,528; 144; 64*49 = 3,136; 9,000: sum 247,872. At 32 px: 9*3*32*256 = 221,184; 32*8*64 = 16,384;
     * 32*8*256 = 65,536; 9*8*64 = 4,608; 144; 64*64 = 4,096; 9,000: sum 320,952.
     */
    static final long FLOOR_224 = 15_287_736;
    static final long FLOOR_28 = 247_872;
    static final long FLOOR_32 = 320_952;

    @Test
    void theFloorNetworkCostsTheHandCountedFlops() {
        NetworkSpec floor = RegNet.y().depth(1).w0(8).wa(0).wm(2.5).groupWidth(1).build();
        assertEquals(FLOOR_224, floor.complexity(224).flops());
        assertEquals(FLOOR_28, floor.complexity(28).flops());
        assertEquals(FLOOR_32, floor.complexity(32).flops());
    }

    @Test
    void theFloorFitsAndOneFlopLessIsRefusedNamingIt() {
        assertEquals(FLOOR_28, RegNet.y().resolution(28).flops(FLOOR_28).build().complexity(28).flops(),
                0.02 * FLOOR_28);
        InvalidInput.assertMessage(() -> RegNet.y().resolution(28).flops(FLOOR_28 - 1).build(),
                "flops budget must be in [247872F, 1e16] at resolution 28", "smallest RegNetY", "depth 1, w0 8",
                "group width 1", "got 247871F");
        InvalidInput.assertMessage(() -> RegNet.y().flops(15e6).build(), "[15.3MF, 1e16] at resolution 224",
                "got 15.0MF");
        NetworkSpec s = RegNet.y().flops(FLOOR_224).build();
        assertEquals(FLOOR_224, s.complexity(224).flops(), 0.02 * FLOOR_224);
    }

    /** The budget that failed before single-stage fits existed: {@code seer4j fit --flops 20e6}. */
    @Test
    void twentyMegaflopsFits() {
        NetworkSpec s = RegNet.y().flops(20e6).build();
        assertEquals(20e6, s.complexity(224).flops(), 0.02 * 20e6);
        assertEquals(s, RegNet.y().flops(20e6).build(), "deterministic");
    }

    /** Every budget from the floor to 100 GF fits within 2%, counted independently by Complexity. */
    @Test
    void everyBudgetFromTheFloorUpFits() {
        int[] resolutions = {28, 32, 224};
        long[] floors = {FLOOR_28, FLOOR_32, FLOOR_224};
        qt().withFixedSeed(7).withExamples(150)
                .forAll(integers().between(0, 2), doubles().between(0, 1), integers().between(0, 1))
                .checkAssert((r, u, x) -> {
                    int res = resolutions[r];
                    // log-uniform in [floor, 100 GF]
                    double budget = floors[r] * Math.exp(u * Math.log(100e9 / floors[r]));
                    NetworkSpec s = (x == 0 ? RegNet.y() : RegNet.x()).resolution(res).flops(budget).build();
                    double f = s.complexity(res).flops();
                    assertTrue(Math.abs(f / budget - 1) <= 0.02, () -> f + " vs " + budget + " at " + res);
                });
    }

    /** The dense low end, from the floor to 2x it, where only small networks fit. */
    @Test
    void everyBudgetNearTheFloorFits() {
        qt().withFixedSeed(8).withExamples(30).forAll(integers().between(0, 2), doubles().between(1, 2))
                .checkAssert((r, k) -> {
                    int res = new int[] {28, 32, 224}[r];
                    double budget = new long[] {FLOOR_28, FLOOR_32, FLOOR_224}[r] * k;
                    double f = RegNet.y().resolution(res).flops(budget).build().complexity(res).flops();
                    assertTrue(Math.abs(f / budget - 1) <= 0.02, () -> f + " vs " + budget + " at " + res);
                });
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
