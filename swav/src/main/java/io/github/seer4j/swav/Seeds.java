package io.github.seer4j.swav;

/** Derivation of independent, reproducible seeds from (seed, epoch, index) with the SplitMix64 finaliser. */
public final class Seeds {

    private Seeds() {}

    /** Mixes three numbers into one well-spread 64-bit seed. */
    public static long derive(long seed, long epoch, long index) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ (epoch * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L));
        return mix(h ^ (index * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
