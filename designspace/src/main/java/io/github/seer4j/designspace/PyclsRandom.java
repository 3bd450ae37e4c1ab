package io.github.seer4j.designspace;

import java.util.random.RandomGenerator;

/**
 * The random distributions of pycls's sweep sampler ({@code pycls/sweep/random.py}), quantized the same way:
 * uniform (floor), log-uniform (ceil), power-of-two uniform, and power-of-two-or-log-uniform.
 */
final class PyclsRandom {
    private PyclsRandom() {}

    /** Uniform in [low, high] quantized to q: sample [low, high + q) then floor to q. */
    static double uniform(RandomGenerator rng, double low, double high, double q) {
        double f = low + rng.nextDouble() * (high + q - low);
        return quantize(Math.floor(f / q), q);
    }

    /** Log-uniform in [low, high] quantized to q: sample (low - min(q, low/2), high] in log space, then ceil. */
    static double logUniform(RandomGenerator rng, double low, double high, double q) {
        double a = -Math.log(high);
        double b = -Math.log(low - Math.min(q, low / 2));
        double f = Math.exp(-(a + rng.nextDouble() * (b - a)));
        return quantize(Math.ceil(f / q), q);
    }

    /** Uniform powers of two in [low, high], quantized (floor) to q. */
    static double power2Uniform(RandomGenerator rng, double low, double high, double q) {
        double lo = log2(low);
        double hi = log2(high) + 1;
        double f2 = Math.floor(lo + rng.nextDouble() * (hi - lo));
        return quantize(Math.floor(Math.pow(2, f2) / q), q);
    }

    /** Powers of two below q, values divisible by q above it; the overall CDF is log-linear. */
    static double power2OrLogUniform(RandomGenerator rng, double low, double high, double q) {
        double f = power2Uniform(rng, low, high, low);
        return f >= q ? logUniform(rng, Math.max(low, q), high, Math.min(high, q)) : f;
    }

    /** k * q, exact for decimal quanta such as 0.1 and 0.001 (like pycls's Decimal arithmetic). */
    static double quantize(double k, double q) {
        double inverse = 1 / q;
        return inverse == Math.rint(inverse) && inverse > 1 ? k / inverse : k * q;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
