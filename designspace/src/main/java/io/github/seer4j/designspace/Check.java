package io.github.seer4j.designspace;

import com.google.common.base.Preconditions;
import com.google.common.base.Strings;
import com.google.common.math.DoubleMath;

/**
 * Argument checks for design numbers: Guava's {@link Preconditions#checkArgument(boolean, String, Object...)} with
 * its {@code %s} templates ({@link Strings#lenientFormat}), but throwing {@link InvalidDesignException}, the type
 * users and the command line catch. Messages name the parameter, its value and the valid range. The checks on
 * paths the flop-budget search runs a million times ({@link RegNetParams}, {@link StageSpec}) test first and
 * build the message only on failure ({@link #invalid}), as boxing and formatting every argument made that search
 * several times slower.
 */
final class Check {
    private Check() {}

    /** Throws an {@link InvalidDesignException} with the formatted message unless {@code valid}. */
    static void checkDesign(boolean valid, String template, Object... args) {
        if (!valid) {
            throw invalid(template, args);
        }
    }

    /** The exception for a failed check, its message formatted as {@link #checkDesign} does. */
    static InvalidDesignException invalid(String template, Object... args) {
        return new InvalidDesignException(Strings.lenientFormat(template, args));
    }

    /** {@code value}, checked to lie in {@code [min, max]}. */
    static int intIn(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid("%s must be in [%s, %s], got %s", name, min, max, value);
        }
        return value;
    }

    /** {@code value}, checked to lie in {@code [min, max]} (or {@code (min, max]}); NaN is refused. */
    static double doubleIn(String name, double value, double min, double max, boolean minExclusive) {
        boolean aboveMin = minExclusive ? value > min : value >= min;
        if (!(aboveMin && value <= max)) {
            throw invalid("%s must be in %s%s, %s], got %s", name, minExclusive ? "(" : "[", fmt(min), fmt(max),
                    fmt(value));
        }
        return value;
    }

    /** A number as a user wrote it: whole numbers without ".0" (2, not 2.0), others as Java prints them. */
    static String fmt(double v) {
        return DoubleMath.isMathematicalInteger(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
