package io.github.seer4j.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Number formatting that Python's YAML/float parsers read back to the same double: plain digits, always a dot. */
final class Numbers {
    private Numbers() {}

    /** Shortest round-tripping decimal without exponent: 27.89, 1.0, 0.25, 10000000.0. */
    static String decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("cannot write " + v + " as a decimal");
        }
        String s = new BigDecimal(Double.toString(v)).toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    static String ints(List<Integer> xs) {
        return xs.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    static String decimals(List<Double> xs) {
        return xs.stream().map(Numbers::decimal).collect(Collectors.joining(", ", "[", "]"));
    }
}
