package io.github.seer4j.designspace;

import java.util.Locale;

/** Parsing and printing of flop/parameter counts: "1.7GF", "400MF", "1.7e9", "50e6", "3.2G", "4.3M". */
public final class Units {
    private Units() {}

    /**
     * Parses a count with an optional suffix K/M/G/T (optionally followed by F, FLOPS or FLOPs), case-insensitive.
     */
    public static double parseCount(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("_", "");
        for (String suffix : new String[] {"FLOPS", "FLOP", "F"}) {
            if (t.endsWith(suffix) && t.length() > suffix.length()
                    && "KMGT".indexOf(t.charAt(t.length() - suffix.length() - 1)) >= 0) {
                t = t.substring(0, t.length() - suffix.length());
                break;
            }
        }
        double scale = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> scale = 1e3;
                case 'M' -> scale = 1e6;
                case 'G' -> scale = 1e9;
                case 'T' -> scale = 1e12;
                default -> scale = 1;
            }
        }
        if (scale != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t) * scale;
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidDesignException("'" + text + "' is not a count; write e.g. 1.7e9, 1.7GF, 400MF or 50e6");
        }
    }

    /** 401849056 -> "401.8MF", 1.7e9 -> "1.70GF". */
    public static String flops(double f) {
        if (f >= 1e9) {
            return String.format(Locale.ROOT, "%.2fGF", f / 1e9);
        }
        if (f >= 1e6) {
            return String.format(Locale.ROOT, "%.1fMF", f / 1e6);
        }
        return String.format(Locale.ROOT, "%.0fF", f);
    }
}
