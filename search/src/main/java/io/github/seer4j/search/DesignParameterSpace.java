package io.github.seer4j.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;

/**
 * An Arbiter parameter space generated from a named design space; its values are {@link DesignPoint}s.
 *
 * <ul>
 *   <li>RegNetX / RegNetY (pycls sampler ranges and distributions, as {@code io.github.seer4j.designspace.RegNetSpace}): depth
 *       uniform in [12, 28], w0 log-uniform in [8, 256] (multiple of 8), wa log-uniform in [8, 256] (step 0.1), wm
 *       log-uniform in [2, 3] (step 0.001), group width log-uniform in [8, 128] (multiple of 8: pycls's
 *       power2_or_log_uniform with these bounds), bottleneck multiplier 1; SE ratio 0.25 for Y, none for X.</li>
 *   <li>AnyNetXA..E (4 stages, no SE, as {@code io.github.seer4j.designspace.AnyNetSpace}): per stage depth uniform in [1, 16],
 *       width uniform in {8, 16, ..., 1024}, bottleneck ratio b in {1, 2, 4}, group width in {1, 2, 4, 8, 16, 32};
 *       B shares b across
 *       stages, C also shares g, D also sorts the widths (non-decreasing), E also sorts the depths. Sorting i.i.d.
 *       draws gives exactly their distribution conditioned on being ordered, as pycls's rejection does. A group
 *       width that does not divide the inner width is repaired as pycls's {@code adjust_block_compatibility}.</li>
 * </ul>
 * Shared parameters are shared leaf instances (Arbiter gives one value per distinct leaf object).
 */
public final class DesignParameterSpace extends AbstractParameterSpace<DesignPoint> {
    private static final long serialVersionUID = 1L;

    /** The design spaces this class knows, in their canonical spelling. */
    public static final List<String> NAMES = List.of("RegNetX", "RegNetY", "AnyNetXA", "AnyNetXB", "AnyNetXC",
            "AnyNetXD", "AnyNetXE");
    static final int ANYNET_STAGES = 4;

    private final String name;
    private final Map<String, ParameterSpace<?>> leaves = new LinkedHashMap<>();
    private final char anyNetVariant; // 0 for RegNet

    private DesignParameterSpace(String name) {
        this.name = name;
        if (name.startsWith("RegNet")) {
            anyNetVariant = 0;
            leaves.put("depth", new IntegerParameterSpace(12, 28));
            leaves.put("w0", new LogUniformSpace(8, 256, 8));
            leaves.put("wa", new LogUniformSpace(8, 256, 0.1));
            leaves.put("wm", new LogUniformSpace(2, 3, 0.001));
            leaves.put("groupWidth", new LogUniformSpace(8, 128, 8));
            leaves.put("bottleneck", new DiscreteParameterSpace<>(1.0));
        } else {
            anyNetVariant = name.charAt(name.length() - 1);
            ParameterSpace<Double> sharedB = bottleneckSpace();
            ParameterSpace<Integer> sharedG = groupSpace();
            for (int i = 0; i < ANYNET_STAGES; i++) {
                leaves.put("depth" + (i + 1), new IntegerParameterSpace(1, 16));
                leaves.put("width" + (i + 1), new IntegerParameterSpace(1, 128)); // x 8
                leaves.put("bottleneck" + (i + 1), anyNetVariant >= 'B' ? sharedB : bottleneckSpace());
                leaves.put("groupWidth" + (i + 1), anyNetVariant >= 'C' ? sharedG : groupSpace());
            }
        }
    }

    private static ParameterSpace<Double> bottleneckSpace() {
        return new DiscreteParameterSpace<>(1.0, 0.5, 0.25);
    }

    private static ParameterSpace<Integer> groupSpace() {
        return new DiscreteParameterSpace<>(1, 2, 4, 8, 16, 32);
    }

    /** A fresh space for {@code name} (case-insensitive; "AnyNetX_A" and "anynetxa" also work). */
    public static DesignParameterSpace of(String name) {
        String key = name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (String n : NAMES) {
            if (n.toLowerCase(Locale.ROOT).equals(key)) {
                return new DesignParameterSpace(n);
            }
        }
        throw new IllegalArgumentException("unknown design space '" + name + "'; use one of "
                + String.join(", ", NAMES));
    }

    public String name() {
        return name;
    }

    /** The named leaves (shared leaves appear under several names). */
    public Map<String, ParameterSpace<?>> leaves() {
        return Collections.unmodifiableMap(leaves);
    }

    @Override
    public DesignPoint getValue(double[] values) {
        if (anyNetVariant == 0) {
            int w0 = (int) Math.rint(doubleOf("w0", values));
            int gw = (int) Math.rint(doubleOf("groupWidth", values));
            return new RegNetPoint(intOf("depth", values), w0, doubleOf("wa", values), doubleOf("wm", values), gw,
                    doubleOf("bottleneck", values), name.equals("RegNetY") ? 0.25 : 0.0);
        }
        int[] depths = new int[ANYNET_STAGES];
        int[] widths = new int[ANYNET_STAGES];
        for (int i = 0; i < ANYNET_STAGES; i++) {
            depths[i] = intOf("depth" + (i + 1), values);
            widths[i] = 8 * intOf("width" + (i + 1), values);
        }
        if (anyNetVariant >= 'D') {
            Arrays.sort(widths);
        }
        if (anyNetVariant >= 'E') {
            Arrays.sort(depths);
        }
        List<Integer> ds = new ArrayList<>();
        List<Integer> ws = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        List<Integer> gs = new ArrayList<>();
        for (int i = 0; i < ANYNET_STAGES; i++) {
            double b = doubleOf("bottleneck" + (i + 1), values);
            int[] wg = AnyNetPoint.compatible(widths[i], b, intOf("groupWidth" + (i + 1), values));
            ds.add(depths[i]);
            ws.add(wg[0]);
            bs.add(b);
            gs.add(wg[1]);
        }
        return new AnyNetPoint(ds, ws, bs, gs, 0.0);
    }

    private int intOf(String leaf, double[] values) {
        return ((Number) leaves.get(leaf).getValue(values)).intValue();
    }

    private double doubleOf(String leaf, double[] values) {
        return ((Number) leaves.get(leaf).getValue(values)).doubleValue();
    }

    @Override
    public int numParameters() {
        return LeafUtils.countUniqueParameters(collectLeaves());
    }

    @Override
    @SuppressWarnings("rawtypes") // Arbiter's interface signature
    public List<ParameterSpace> collectLeaves() {
        return new ArrayList<>(leaves.values());
    }

    @Override
    @SuppressWarnings("rawtypes") // Arbiter's interface signature
    public Map<String, ParameterSpace> getNestedSpaces() {
        return new LinkedHashMap<>(leaves);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("DesignParameterSpace is not a leaf; generators index its leaves");
    }

    @Override
    public String toString() {
        return name + leaves;
    }
}
