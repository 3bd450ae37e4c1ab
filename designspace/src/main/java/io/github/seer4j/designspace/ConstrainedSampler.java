package io.github.seer4j.designspace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Rejection sampling of a design space under constraints: draws until a network is both in the space and inside
 * the constraint windows. When {@code maxAttemptsPerSpec} draws in a row all miss, it fails with an error naming the
 * constraints and how close the draws came, instead of looping forever.
 */
public final class ConstrainedSampler {
    public static final int DEFAULT_MAX_ATTEMPTS = 100_000;

    private final DesignSpace space;
    private final Constraints constraints;
    private final int maxAttemptsPerSpec;
    private long attempts;

    public ConstrainedSampler(DesignSpace space, Constraints constraints) {
        this(space, constraints, DEFAULT_MAX_ATTEMPTS);
    }

    public ConstrainedSampler(DesignSpace space, Constraints constraints, int maxAttemptsPerSpec) {
        this.space = space;
        this.constraints = constraints;
        this.maxAttemptsPerSpec = Check.intIn("maxAttempts", maxAttemptsPerSpec, 1, Integer.MAX_VALUE);
    }

    /** The next accepted network, with the constraints' head size. */
    public NetworkSpec next(RandomGenerator rng) {
        long closestFlops = -1;
        for (int i = 0; i < maxAttemptsPerSpec; i++) {
            attempts++;
            NetworkSpec spec = space.sample(rng);
            if (space.contains(spec) && constraints.accepts(spec)) {
                return spec.withClasses(constraints.classes());
            }
            if (constraints.flopsMin() > 0 || constraints.flopsMax() > 0) {
                long f = constraints.measure(spec).flops();
                double target = constraints.flopsMax() > 0 ? (constraints.flopsMin() + constraints.flopsMax()) / 2
                        : constraints.flopsMin();
                if (closestFlops < 0 || Math.abs(f - target) < Math.abs(closestFlops - target)) {
                    closestFlops = f;
                }
            }
        }
        throw new InvalidDesignException("no " + space.name() + " network met the constraints (" + constraints
                + ") in " + maxAttemptsPerSpec + " draws" + (closestFlops >= 0 ? "; the closest had "
                + Units.flops(closestFlops) : "") + "; widen the windows or choose another space");
    }

    /** {@code n} accepted networks from a generator seeded with {@code seed} (same seed, same list). */
    public List<NetworkSpec> sample(int n, long seed) {
        Check.intIn("n", n, 0, Integer.MAX_VALUE);
        RandomGenerator rng = new SplittableRandom(seed);
        List<NetworkSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(rng));
        }
        return out;
    }

    /** Draws made so far (accepted or not). */
    public long attempts() {
        return attempts;
    }
}
