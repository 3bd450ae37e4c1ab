package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of the RegNet generator over random valid parameters (QuickTheories). */
class GeneratorPropertiesTest {

    /** Random valid pycls-rounding RegNetY parameters from the validated ranges. */
    static Gen<RegNetParams> params() {
        Gen<Integer> d = integers().between(1, 40);
        Gen<Integer> w0 = integers().between(1, 64).map(k -> 8 * k);
        Gen<Double> wa = doubles().between(0, 300).map(v -> Math.round(v * 100) / 100.0);
        Gen<Double> wm = doubles().between(1.05, 4).map(v -> Math.round(v * 1000) / 1000.0);
        Gen<Integer> gw = integers().between(1, 128);
        return d.zip(w0, wa, wm, (a, b, c, e) -> new double[] {a, b, c, e})
                .zip(gw, (p, g) -> RegNetParams.y((int) p[0], (int) p[1], p[2], p[3], g));
    }

    @Test
    void widthsAreNonDecreasingAndStagesAreTheUniqueQuantizedWidths() {
        qt().withFixedSeed(1).withExamples(2000).forAll(params()).checkAssert(p -> {
            RegNetParams.Layout layout = p.layout();
            int[] w = layout.widths();
            for (int i = 1; i < w.length; i++) {
                assertTrue(w[i] > w[i - 1], "quantized stage widths strictly increase");
            }
            assertEquals(naiveBlockWidths(p).stream().distinct().count(), w.length);
            assertEquals(p.depth(), java.util.Arrays.stream(layout.depths()).sum());
            for (int width : w) {
                assertEquals(0, width % 8, "multiples of q = 8");
            }
        });
    }

    @Test
    void layoutEqualsTheBlockByBlockDefinition() {
        qt().withFixedSeed(2).withExamples(3000).forAll(params()).checkAssert(p -> {
            List<Integer> blocks = naiveBlockWidths(p);
            List<Integer> fromLayout = new ArrayList<>();
            RegNetParams.Layout layout = p.layout();
            for (int s = 0; s < layout.numStages(); s++) {
                for (int i = 0; i < layout.depths()[s]; i++) {
                    fromLayout.add(layout.widths()[s]);
                }
            }
            assertEquals(blocks, fromLayout);
        });
    }

    @Test
    void bottleneckWidthsAreMultiplesOfTheGroupWidthAfterAdjustment() {
        qt().withFixedSeed(3).withExamples(2000).forAll(params()).checkAssert(p -> {
            for (StageSpec s : p.stages()) {
                assertEquals(0, s.bottleneckWidth() % s.groupWidth());
                assertTrue(s.groupWidth() <= p.groupWidth());
            }
        });
    }

    @Test
    void flopsAndParamsGrowWithDepth() {
        qt().withFixedSeed(4).withExamples(1000).forAll(params()).checkAssert(p -> {
            RegNetParams deeper = RegNetParams.y(p.depth() + 1, p.w0(), p.wa(), p.wm(), p.groupWidth());
            Complexity a = p.generate().complexity(224);
            Complexity b = deeper.generate().complexity(224);
            assertTrue(b.flops() > a.flops());
            assertTrue(b.params() > a.params());
        });
    }

    @Test
    void stageWiseCountEqualsABlockByBlockWalk() {
        qt().withFixedSeed(5).withExamples(1000).forAll(params(), integers().between(8, 256))
                .checkAssert((p, res) -> assertEquals(naiveComplexity(p.generate(), res), p.generate().complexity(res)));
    }

    /** pycls's generate_regnet, one block at a time. */
    static List<Integer> naiveBlockWidths(RegNetParams p) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < p.depth(); j++) {
            double cont = j * p.wa() + p.w0();
            double k = Math.rint(Math.log(cont / p.w0()) / Math.log(p.wm()));
            out.add((int) Math.rint(p.w0() * Math.pow(p.wm(), k) / 8) * 8);
        }
        return out;
    }

    /** pycls's *_cx functions applied to every block of spec.blocks(). */
    static Complexity naiveComplexity(NetworkSpec spec, int res) {
        long[] cx = {res, 0, 0, 0}; // h, flops, params, acts
        conv(cx, spec.stem().inChannels(), spec.stem().width(), 3, 2, 1, false);
        cx[2] += 2L * spec.stem().width();
        for (BlockSpec b : spec.blocks()) {
            long h = cx[0];
            if (b.projection()) {
                conv(cx, b.inWidth(), b.outWidth(), 1, b.stride(), 1, false);
                cx[2] += 2L * b.outWidth();
                cx[0] = h;
            }
            conv(cx, b.inWidth(), b.bottleneckWidth(), 1, 1, 1, false);
            cx[2] += 2L * b.bottleneckWidth();
            conv(cx, b.bottleneckWidth(), b.bottleneckWidth(), 3, b.stride(), b.groups(), false);
            cx[2] += 2L * b.bottleneckWidth();
            if (b.seWidth() > 0) {
                long hh = cx[0];
                cx[0] = 1;
                conv(cx, b.bottleneckWidth(), b.seWidth(), 1, 1, 1, true);
                conv(cx, b.seWidth(), b.bottleneckWidth(), 1, 1, 1, true);
                cx[0] = hh;
            }
            conv(cx, b.bottleneckWidth(), b.outWidth(), 1, 1, 1, false);
            cx[2] += 2L * b.outWidth();
        }
        if (spec.head().present()) {
            long n = spec.head().numClasses();
            cx[1] += spec.outputWidth() * n + n;
            cx[2] += spec.outputWidth() * n + n;
            cx[3] += n;
        }
        return new Complexity(cx[1], cx[2], cx[3]);
    }

    private static void conv(long[] cx, long in, long out, long k, long stride, long groups, boolean bias) {
        long h = (cx[0] - 1) / stride + 1;
        cx[0] = h;
        cx[1] += k * k * in * out * h * h / groups + (bias ? out * h * h : 0);
        cx[2] += k * k * in * out / groups + (bias ? out : 0);
        cx[3] += out * h * h;
    }
}
