package io.github.seer4j.catalog;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import io.github.seer4j.designspace.StageSpec;
import io.github.seer4j.designspace.StemSpec;
import io.github.seer4j.designspace.HeadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.quicktheories.core.Gen;

/** QuickTheories generators of valid RegNet and AnyNet specs. */
final class SpecGenerators {
    private SpecGenerators() {}

    /** RegNets from random generator numbers (unrounded doubles, to test exact number printing). */
    static Gen<NetworkSpec> regNets(Rounding rounding) {
        Gen<Integer> depth = integers().between(1, 40);
        Gen<Integer> w0 = integers().between(1, 64).map(i -> i * 8);
        Gen<Double> wa = doubles().between(0.0, 300.0);
        Gen<Double> wm = doubles().between(1.5, 3.0);
        Gen<Long> rest = longs().all();
        return depth.zip(w0, wa, wm, rest, (d, w, a, m, seed) -> {
            Random r = new Random(seed);
            int gw = new int[] {1, 2, 8, 16, 24, 48, 64, 128}[r.nextInt(8)];
            double bot = new double[] {1.0, 1.0, 0.5, 0.25, 2.0, 4.0}[r.nextInt(6)];
            double se = r.nextBoolean() ? 0.25 : 0.0;
            try {
                RegNetParams p = new RegNetParams(d, w, a, m, gw, bot, se, rounding);
                return p.generate("net-" + Long.toHexString(seed), 1 + r.nextInt(1000));
            } catch (InvalidDesignException e) {
                return null;
            }
        }).assuming(Objects::nonNull);
    }

    /** AnyNet specs: 1..5 stages, random depths, widths, strides, bottlenecks and dividing group widths. */
    static Gen<NetworkSpec> anyNets() {
        return longs().all().map(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(5);
            double se = r.nextBoolean() ? 0.25 : 0.0;
            List<StageSpec> stages = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double bot = new double[] {1.0, 0.5, 0.25}[r.nextInt(3)];
                int wb = 8 * (1 + r.nextInt(64));
                int width = (int) Math.round(wb / bot);
                List<Integer> divisors = new ArrayList<>();
                for (int g = 1; g <= wb; g++) {
                    if (wb % g == 0) {
                        divisors.add(g);
                    }
                }
                int gw = divisors.get(r.nextInt(divisors.size()));
                stages.add(new StageSpec(width, 1 + r.nextInt(16), 1 + r.nextInt(2), gw, bot, se));
            }
            return new NetworkSpec("anynet-" + Long.toHexString(seed), new StemSpec(3, 8 * (1 + r.nextInt(8))),
                    stages, new HeadSpec(r.nextInt(2000)), null);
        });
    }
}
