package io.github.seer4j.search;

import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.Constraints;
import io.github.seer4j.designspace.DesignSpace;
import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.Units;
import java.util.Collections;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;

/**
 * Candidates of a design space that meet the constraints: draws from an Arbiter generator over a
 * {@link DesignParameterSpace} and rejects every draw that is not in the design space (as
 * {@link DesignSpace#contains} decides, e.g. a RegNet with fewer stages than its generator could make) or misses
 * a complexity window. With {@code repair}, a draw that is in the space but misses the flop window is scaled
 * instead (all widths by one factor, found by bisection) until it fits; if no factor fits, it is rejected. Repair
 * is much faster for narrow windows but changes the distribution (it is not the paper's rejection sampling). A run
 * of {@code maxMisses} rejected draws in a row fails with the acceptance statistics.
 */
public final class CandidateSource {
    /** Default limit of consecutive rejected draws. */
    public static final int DEFAULT_MAX_MISSES = 2_000_000;
    /** Largest grid a search will enumerate. */
    public static final long MAX_GRID = 10_000_000;

    private final DesignParameterSpace parameters;
    private final DesignSpace space;
    private final Constraints constraints;
    private final CandidateGenerator generator;
    private final int maxMisses;
    private final boolean repair;
    private int draws;
    private int accepted;
    private long closestFlops = -1;

    /**
     * @param gridPoints values per continuous parameter for {@link GeneratorKind#GRID} (integer and discrete
     *                   parameters take all their values, up to this many)
     */
    public CandidateSource(String spaceName, Constraints constraints, GeneratorKind kind, long seed, int gridPoints,
                           int maxMisses, boolean repair) {
        this.parameters = DesignParameterSpace.of(spaceName);
        this.space = DesignSpace.named(parameters.name());
        this.constraints = constraints;
        this.maxMisses = maxMisses;
        this.repair = repair;
        if (kind == GeneratorKind.GRID) {
            if (gridPoints < 2) {
                throw new IllegalArgumentException("a grid needs at least 2 points per parameter, got " + gridPoints);
            }
            long size = gridSize(parameters, gridPoints);
            if (size > MAX_GRID) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "a grid of %d points per parameter over %s has %d candidates (more than %d); lower"
                                + " --grid-points or use --generator random", gridPoints, parameters.name(), size,
                        MAX_GRID));
            }
            generator = new GridSearchCandidateGenerator(parameters, gridPoints,
                    GridSearchCandidateGenerator.Mode.Sequential, Collections.emptyMap());
        } else {
            RandomSearchGenerator random = new RandomSearchGenerator(parameters, Collections.emptyMap());
            random.setRngSeed(seed);
            generator = random;
        }
    }

    public CandidateSource(String spaceName, Constraints constraints, GeneratorKind kind, long seed) {
        this(spaceName, constraints, kind, seed, 3, DEFAULT_MAX_MISSES, false);
    }

    /** Number of grid candidates: the product over distinct leaves of their number of values. */
    static long gridSize(DesignParameterSpace ps, int points) {
        long size = 1;
        for (ParameterSpace<?> leaf : LeafUtils.getUniqueObjects(ps.collectLeaves())) {
            long n = points;
            if (leaf instanceof DiscreteParameterSpace<?> d) {
                n = d.numValues();
            } else if (leaf instanceof IntegerParameterSpace i) {
                n = Math.min(points, i.getMax() - i.getMin() + 1L);
            }
            size = Math.multiplyExact(size, n);
            if (size > MAX_GRID) {
                return size;
            }
        }
        return size;
    }

    public String spaceName() {
        return parameters.name();
    }

    /** True while the generator can draw more (always for random search). */
    public boolean hasNext() {
        return generator.hasMoreCandidates();
    }

    /** The next accepted candidate. */
    public Candidate next() {
        for (int miss = 0; miss < maxMisses; miss++) {
            if (!generator.hasMoreCandidates()) {
                throw new NoSuchElementException("the grid is exhausted after " + draws + " draws (" + accepted
                        + " accepted)");
            }
            org.deeplearning4j.arbiter.optimize.api.Candidate<?> drawn = generator.getCandidate();
            int draw = draws++;
            if (drawn.getException() != null) {
                throw new IllegalStateException("Arbiter could not build candidate " + draw + " of "
                        + parameters.name() + ": " + drawn.getException(), drawn.getException());
            }
            // map the drawn vector again instead of Candidate.getValue(), which deserializes a copy (~30 us)
            DesignPoint point = parameters.getValue(drawn.getFlatParameters());
            String name = parameters.name() + "-" + String.format(Locale.ROOT, "%04d", accepted);
            NetworkSpec spec;
            try {
                spec = point.toSpec(name, constraints.classes());
            } catch (InvalidDesignException e) {
                continue; // numbers outside what the generator can build: not in the space
            }
            if (!space.contains(spec)) {
                continue;
            }
            if (constraints.accepts(spec)) {
                Complexity c = constraints.measure(spec);
                return new Candidate(accepted++, draw, point, spec, c, false);
            }
            if (repair) {
                Candidate fixed = repaired(point, name, draw);
                if (fixed != null) {
                    return fixed;
                }
            }
            trackClosest(spec);
        }
        throw new InvalidDesignException(String.format(Locale.ROOT,
                "%d draws in a row from %s missed the constraints (%s; %d of %d draws accepted so far%s); widen the"
                        + " window, check --resolution, use --repair, or choose another space", maxMisses, parameters.name(),
                constraints, accepted, draws, closestFlops < 0 ? "" : ", closest miss " + Units.flops(closestFlops)));
    }

    /** Bisection on log(width factor) for a design inside the flop window (and every other window). */
    private Candidate repaired(DesignPoint point, String name, int draw) {
        if (constraints.flopsMin() == 0 && constraints.flopsMax() == 0) {
            return null;
        }
        double lo = Math.log(1 / 64.0);
        double hi = Math.log(64.0);
        for (int it = 0; it < 30; it++) {
            double mid = (lo + hi) / 2;
            DesignPoint p = point.scaled(Math.exp(mid));
            NetworkSpec spec;
            try {
                spec = p.toSpec(name, constraints.classes());
            } catch (InvalidDesignException e) {
                return null;
            }
            long f = constraints.measure(spec).flops();
            if (f < constraints.flopsMin()) {
                lo = mid;
            } else if (constraints.flopsMax() > 0 && f > constraints.flopsMax()) {
                hi = mid;
            } else {
                if (space.contains(spec) && constraints.accepts(spec)) {
                    return new Candidate(accepted++, draw, p, spec, constraints.measure(spec), true);
                }
                return null;
            }
        }
        return null;
    }

    private void trackClosest(NetworkSpec spec) {
        if (constraints.flopsMin() > 0 || constraints.flopsMax() > 0) {
            long f = constraints.measure(spec).flops();
            double target = constraints.flopsMax() > 0 ? (constraints.flopsMin() + constraints.flopsMax()) / 2
                    : constraints.flopsMin();
            if (closestFlops < 0 || Math.abs(f - target) < Math.abs(closestFlops - target)) {
                closestFlops = f;
            }
        }
    }

    /** Draws made so far (accepted or not). */
    public int draws() {
        return draws;
    }

    /** Candidates accepted so far. */
    public int accepted() {
        return accepted;
    }
}
