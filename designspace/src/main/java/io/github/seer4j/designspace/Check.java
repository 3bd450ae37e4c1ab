package io.github.seer4j.designspace;

/** Argument checks whose messages name the parameter, its value and the valid range. */
final class Check {
    private Check() {}

    static int intIn(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidDesignException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static double doubleIn(String name, double value, double min, double max, boolean minExclusive) {
        boolean low = minExclusive ? value <= min : value < min;
        if (Double.isNaN(value) || low || value > max) {
            throw new InvalidDesignException(name + " must be in " + (minExclusive ? "(" : "[") + fmt(min) + ", "
                    + fmt(max) + "], got " + fmt(value));
        }
        return value;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
