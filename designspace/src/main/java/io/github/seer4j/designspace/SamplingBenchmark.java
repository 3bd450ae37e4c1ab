package io.github.seer4j.designspace;

import java.util.SplittableRandom;

/**
 * Measures how many networks per second one thread generates and prices (flops, params, acts): the cost that
 * bounds design-space studies over millions of candidates. A warm-up pass lets the JIT compile first.
 */
public final class SamplingBenchmark {
    private SamplingBenchmark() {}

    /** The outcome: specs generated and priced, how many passed the constraints, and the rate. */
    public record Result(String space, long specs, long accepted, double seconds, double specsPerSecond,
                         long checksum) {}

    public static Result run(DesignSpace space, Constraints constraints, long n, long seed) {
        Check.intIn("n", (int) Math.min(n, Integer.MAX_VALUE), 1, Integer.MAX_VALUE);
        loop(space, constraints, Math.min(n, 1_000_000), seed + 1); // warm-up: lets the JIT compile the hot path
        long start = System.nanoTime();
        long[] acceptedAndChecksum = loop(space, constraints, n, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(space.name(), n, acceptedAndChecksum[0], seconds, n / seconds, acceptedAndChecksum[1]);
    }

    private static long[] loop(DesignSpace space, Constraints constraints, long n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long accepted = 0;
        long checksum = 0;
        for (long i = 0; i < n; i++) {
            NetworkSpec spec = space.sample(rng);
            Complexity c = constraints.measure(spec);
            checksum += c.flops() ^ c.params() ^ c.acts();
            if (space.contains(spec) && constraints.accepts(spec)) {
                accepted++;
            }
        }
        return new long[] {accepted, checksum};
    }
}
