package io.github.seer4j.designspace;

import static io.github.seer4j.designspace.Check.checkDesign;


/**
 * Windows on complexity and stage count that sampled networks must fall in, measured at {@code resolution} with a
 * {@code classes}-way head (0 = no head). A bound of 0 means "no bound", as in pycls's sweep configs.
 */
public record Constraints(int resolution, int classes, double flopsMin, double flopsMax, double paramsMin,
                          double paramsMax, double actsMin, double actsMax, int stagesMin, int stagesMax) {

    public Constraints {
        Check.intIn("resolution", resolution, 8, 1 << 16);
        Check.intIn("classes", classes, 0, 10_000_000);
        window("flops", flopsMin, flopsMax);
        window("params", paramsMin, paramsMax);
        window("acts", actsMin, actsMax);
        checkDesign(stagesMin >= 0 && (stagesMax == 0 || stagesMax >= stagesMin),
                "stage window must satisfy 0 <= min <= max, got [%s, %s]", stagesMin, stagesMax);
    }

    private static void window(String what, double min, double max) {
        checkDesign(min >= 0 && max >= 0 && (max == 0 || max >= min),
                "%s window must satisfy 0 <= min <= max (0 = unbounded), got [%s, %s]", what, Check.fmt(min),
                Check.fmt(max));
    }

    /** No constraint; complexity measured at 224 px with 1000 classes. */
    public static Constraints none() {
        return new Constraints(224, 1000, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public Constraints at(int newResolution, int newClasses) {
        return new Constraints(newResolution, newClasses, flopsMin, flopsMax, paramsMin, paramsMax, actsMin,
                actsMax, stagesMin, stagesMax);
    }

    public Constraints flops(double min, double max) {
        return new Constraints(resolution, classes, min, max, paramsMin, paramsMax, actsMin, actsMax, stagesMin,
                stagesMax);
    }

    public Constraints params(double min, double max) {
        return new Constraints(resolution, classes, flopsMin, flopsMax, min, max, actsMin, actsMax, stagesMin,
                stagesMax);
    }

    public Constraints acts(double min, double max) {
        return new Constraints(resolution, classes, flopsMin, flopsMax, paramsMin, paramsMax, min, max, stagesMin,
                stagesMax);
    }

    public Constraints stages(int min, int max) {
        return new Constraints(resolution, classes, flopsMin, flopsMax, paramsMin, paramsMax, actsMin, actsMax, min,
                max);
    }

    /** Complexity of {@code spec} as these constraints measure it. */
    public Complexity measure(NetworkSpec spec) {
        return Complexity.count(spec.stem(), spec.stages(), new HeadSpec(classes), resolution);
    }

    public boolean accepts(NetworkSpec spec) {
        int n = spec.stages().size();
        if (n < stagesMin || (stagesMax != 0 && n > stagesMax)) {
            return false;
        }
        if (flopsMin == 0 && flopsMax == 0 && paramsMin == 0 && paramsMax == 0 && actsMin == 0 && actsMax == 0) {
            return true;
        }
        Complexity c = measure(spec);
        return in(c.flops(), flopsMin, flopsMax) && in(c.params(), paramsMin, paramsMax)
                && in(c.acts(), actsMin, actsMax);
    }

    private static boolean in(long v, double min, double max) {
        return v >= min && (max == 0 || v <= max);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "flops", flopsMin, flopsMax);
        append(sb, "params", paramsMin, paramsMax);
        append(sb, "acts", actsMin, actsMax);
        if (stagesMin != 0 || stagesMax != 0) {
            sb.append(sb.isEmpty() ? "" : ", ").append("stages in [").append(stagesMin).append(", ")
                    .append(stagesMax == 0 ? "inf" : stagesMax).append("]");
        }
        return (sb.isEmpty() ? "no constraint" : sb.toString()) + " at " + resolution + " px, " + classes
                + " classes";
    }

    private static void append(StringBuilder sb, String what, double min, double max) {
        if (min != 0 || max != 0) {
            sb.append(sb.isEmpty() ? "" : ", ").append(what).append(" in [").append(Check.fmt(min)).append(", ")
                    .append(max == 0 ? "inf" : Check.fmt(max)).append("]");
        }
    }
}
