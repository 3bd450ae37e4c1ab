package io.github.seer4j.designspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds RegNet generator numbers whose network costs a given number of flops, preferring the regions the RegNet
 * paper found good: width multiplier near 2.5, depth near 20, four stages, {@code w0} about twice {@code wa}, and a
 * group width that grows with the budget. Deterministic: candidates are tried in a fixed order of preference and
 * {@code wa} is solved by bisection for each.
 */
final class FlopBudgetFit {
    /** A fit is accepted when its flops are within this relative distance of the budget. */
    static final double TOLERANCE = 0.02;
    private static final double[] WM_ORDER = {2.5, 2.4, 2.6, 2.3, 2.7, 2.2, 2.8, 2.1, 2.9, 2.0, 3.0};
    private static final double[] W0_OVER_WA = {2.0, 1.5, 2.5, 1.0, 3.0};

    private final int resolution;
    private final int classes;
    private final int inputChannels;

    FlopBudgetFit(int resolution, int classes, int inputChannels) {
        this.resolution = resolution;
        this.classes = classes;
        this.inputChannels = inputChannels;
    }

    RegNetParams fit(double budget, Integer fixedDepth, Double fixedWm, Integer fixedGroupWidth, double bottleneck,
                     double seRatio, Rounding rounding) {
        long floor = minimumFlops(bottleneck, seRatio);
        if (!(budget >= floor) || budget > 1e16) {
            throw new InvalidDesignException(String.format(Locale.ROOT,
                    "flops budget must be in [%s, 1e16] at resolution %d, got %s", Units.flops(floor), resolution,
                    Units.flops(budget)));
        }
        List<Integer> depths = fixedDepth != null ? List.of(fixedDepth) : depthOrder();
        double[] wms = fixedWm != null ? new double[] {fixedWm} : WM_ORDER;
        List<Integer> gws = fixedGroupWidth != null ? List.of(fixedGroupWidth) : groupWidthOrder(budget);
        Candidate best = null;
        for (int stagesWanted : new int[] {4, 3, 5}) {
            for (int d : depths) {
                for (double wm : wms) {
                    for (int gw : gws) {
                        for (double ratio : W0_OVER_WA) {
                            Candidate c = solveWa(budget, d, wm, gw, ratio, bottleneck, seRatio, rounding,
                                    stagesWanted);
                            if (c != null && (best == null || c.error < best.error)) {
                                best = c;
                            }
                            if (best != null && best.error <= TOLERANCE / 4) {
                                return best.params;
                            }
                        }
                    }
                }
            }
            if (best != null && best.error <= TOLERANCE) {
                return best.params;
            }
        }
        throw new InvalidDesignException(String.format(Locale.ROOT,
                "no RegNet within %.0f%% of %s flops at resolution %d%s; try another budget or fewer fixed numbers",
                TOLERANCE * 100, Units.flops(budget), resolution,
                best == null ? "" : " (closest: " + Units.flops(budget * (1 + best.signedError)) + ")"));
    }

    private record Candidate(RegNetParams params, double error, double signedError) {}

    /** Bisection on wa (w0 = ratio * wa, rounded to 8) for flops == budget, keeping the wanted stage count. */
    private Candidate solveWa(double budget, int d, double wm, int gw, double ratio, double bottleneck, double se,
                              Rounding rounding, int stagesWanted) {
        double lo = 0.5;
        double hi = 65536 / Math.max(ratio, 1.0) / 2;
        Candidate best = null;
        for (int it = 0; it < 40; it++) {
            double mid = Math.sqrt(lo * hi);
            double wa = Math.round(mid * 100) / 100.0;
            int w0 = Math.max(8, (int) Math.round(ratio * wa / 8) * 8);
            RegNetParams p;
            try {
                p = new RegNetParams(d, w0, wa, wm, gw, bottleneck, se, rounding);
            } catch (InvalidDesignException e) {
                return best;
            }
            RegNetParams.Layout layout = p.layout();
            long flops = Complexity.count(new StemSpec(inputChannels, StemSpec.DEFAULT_WIDTH), p.stages(),
                    new HeadSpec(classes), resolution).flops();
            double signed = flops / budget - 1;
            if (layout.numStages() == stagesWanted && layout.numStages() == layout.totalStages()) {
                Candidate c = new Candidate(p, Math.abs(signed), signed);
                if (best == null || c.error < best.error) {
                    best = c;
                }
            }
            if (flops < budget) {
                lo = mid;
            } else {
                hi = mid;
            }
            if (hi / lo < 1.0001) {
                break;
            }
        }
        return best;
    }

    private long minimumFlops(double bottleneck, double se) {
        RegNetParams tiny = new RegNetParams(1, 8, 0, 2, 8, bottleneck, se, Rounding.PYCLS);
        return Complexity.count(new StemSpec(inputChannels, StemSpec.DEFAULT_WIDTH), tiny.stages(),
                new HeadSpec(classes), resolution).flops();
    }

    private static List<Integer> depthOrder() {
        List<Integer> out = new ArrayList<>();
        out.add(20);
        for (int delta = 1; delta <= 8; delta++) {
            out.add(20 - delta);
            out.add(20 + delta);
        }
        for (int d = 11; d >= 4; d--) {
            out.add(d);
        }
        for (int d = 29; d <= 40; d++) {
            out.add(d);
        }
        return out;
    }

    /** Group widths that grow with the budget (as in pycls's models), measured as if at 224 px. */
    private List<Integer> groupWidthOrder(double budget) {
        double gf224 = budget * (224.0 / resolution) * (224.0 / resolution) / 1e9;
        int g = Math.max(8, (int) Math.round(16 * Math.sqrt(gf224) / 8) * 8);
        List<Integer> out = new ArrayList<>(List.of(g));
        if (g / 2 >= 8 && g % 16 == 0) {
            out.add(g / 2);
        }
        out.add(g + 8);
        out.add(g * 2);
        return out;
    }

    /** A descriptive label of the generator numbers, e.g. "RegNetY(d=16,w0=48,wa=27.89,wm=2.09,gw=8)". */
    static String label(RegNetParams p, int resolution) {
        return String.format(Locale.ROOT, "RegNet%s(d=%d,w0=%d,wa=%s,wm=%s,gw=%d%s)", p.seRatio() > 0 ? "Y" : "X",
                p.depth(), p.w0(), Check.fmt(p.wa()), Check.fmt(p.wm()), p.groupWidth(),
                p.bottleneck() != 1.0 ? ",b=" + Check.fmt(p.bottleneck()) : "");
    }
}
