package io.github.seer4j.designspace;

import static io.github.seer4j.designspace.Check.checkDesign;

import com.google.common.collect.ImmutableList;
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
    /** The largest budget accepted. */
    static final double MAX_BUDGET = 1e16;
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
        RegNetParams smallest = smallest(fixedDepth, fixedWm, fixedGroupWidth, bottleneck, seRatio, rounding);
        long floor = flops(smallest);
        checkDesign(budget >= floor && budget <= MAX_BUDGET,
                "flops budget must be in [%s, 1e16] at resolution %s (the floor is the smallest %s there: %s), got %s",
                Units.flops(floor), resolution, smallest.seRatio() > 0 ? "RegNetY" : "RegNetX",
                describeSmallest(smallest), Units.flops(budget));
        List<Integer> depths = fixedDepth != null ? ImmutableList.of(fixedDepth) : depthOrder();
        double[] wms = fixedWm != null ? new double[] {fixedWm} : WM_ORDER;
        List<Integer> gws = fixedGroupWidth != null ? ImmutableList.of(fixedGroupWidth) : groupWidthOrder(budget);
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
        Candidate single = singleStage(budget, fixedDepth, fixedWm, fixedGroupWidth, bottleneck, seRatio, rounding);
        if (single != null && (best == null || single.error < best.error)) {
            best = single;
        }
        if (best != null && best.error <= TOLERANCE) {
            return best.params;
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
            long flops = flops(p);
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

    /**
     * The fallback for budgets the multi-stage search misses (those below about 1.5x the floor): one stage
     * ({@code wa = 0}, so every block has width {@code w0}), whose flops grow by a fixed step per block. Group widths
     * are tried from the design space's smallest (8) down to 1, widths from 8 upward, and for each the depth that
     * comes closest; the first within {@link #TOLERANCE} wins.
     */
    private Candidate singleStage(double budget, Integer fixedDepth, Double fixedWm, Integer fixedGroupWidth,
                                  double bottleneck, double se, Rounding rounding) {
        double wm = fixedWm != null ? fixedWm : WM_ORDER[0];
        List<Integer> gws = fixedGroupWidth != null ? ImmutableList.of(fixedGroupWidth) : ImmutableList.of(8, 4, 2, 1);
        Candidate best = null;
        for (int gw : gws) {
            for (int w0 = RegNetParams.QUANTUM; w0 <= RegNetParams.MAX_W0; w0 += RegNetParams.QUANTUM) {
                long one = flops(new RegNetParams(fixedDepth != null ? fixedDepth : 1, w0, 0, wm, gw, bottleneck, se,
                        rounding));
                if (one > budget * (1 + TOLERANCE)) {
                    break; // wider stages only cost more
                }
                int d = fixedDepth != null ? fixedDepth : 1;
                if (fixedDepth == null) {
                    // flops(d) = one + (d - 1) * perBlock: every block after the first is the same
                    long perBlock = flops(new RegNetParams(2, w0, 0, wm, gw, bottleneck, se, rounding)) - one;
                    double ideal = 1 + (budget - one) / perBlock;
                    d = (int) Math.max(1, Math.min(RegNetParams.MAX_DEPTH, Math.round(ideal)));
                }
                RegNetParams p = new RegNetParams(d, w0, 0, wm, gw, bottleneck, se, rounding);
                double signed = flops(p) / budget - 1;
                Candidate c = new Candidate(p, Math.abs(signed), signed);
                if (best == null || c.error < best.error) {
                    best = c;
                }
                if (best.error <= TOLERANCE) {
                    return best;
                }
            }
        }
        return best;
    }

    /**
     * The cheapest network the fit may return: one block of width 8 (the quantum) with group width 1, or the fixed
     * depth / group width when given. With depth 1, any other width or group width adds flops (a stage's first 1x1
     * convolution runs at its input resolution on at least 8 output channels); with a fixed depth above 1 this is
     * the cheapest single-stage network.
     */
    private static RegNetParams smallest(Integer fixedDepth, Double fixedWm, Integer fixedGroupWidth,
                                         double bottleneck, double se, Rounding rounding) {
        return new RegNetParams(fixedDepth != null ? fixedDepth : 1, RegNetParams.QUANTUM, 0,
                fixedWm != null ? fixedWm : WM_ORDER[0], fixedGroupWidth != null ? fixedGroupWidth : 1, bottleneck,
                se, rounding);
    }

    private String describeSmallest(RegNetParams p) {
        return String.format(Locale.ROOT,
                "1 stage, depth %d, w0 8, wa 0, group width %d, %d classes, %d input channels", p.depth(),
                p.groupWidth(), classes, inputChannels);
    }

    /** Forward flops of the generated network with this fit's stem, head and resolution. */
    private long flops(RegNetParams p) {
        return Complexity.count(new StemSpec(inputChannels, StemSpec.DEFAULT_WIDTH), p.stages(),
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
