package io.github.seer4j.search;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

/**
 * An Arbiter leaf with pycls's {@code log_uniform(lo, hi, q)} ({@code pycls/sweep/random.py}): a log-uniform draw
 * in {@code (lo - min(q, lo/2), hi]}, rounded up to a multiple of {@code q}. Quanta below 1 must be 1/k for a whole
 * k (0.1, 0.001), and values are then exact decimals (27.9, not 27.900000000000002).
 */
public final class LogUniformSpace extends AbstractParameterSpace<Double> {
    private static final long serialVersionUID = 1L;

    private final double lo;
    private final double hi;
    private final double quantum;
    private int index = -1;

    public LogUniformSpace(double lo, double hi, double quantum) {
        if (!(lo > 0 && hi >= lo && quantum > 0)) {
            throw new IllegalArgumentException("log-uniform space needs 0 < lo <= hi and quantum > 0, got [" + lo
                    + ", " + hi + "] q=" + quantum);
        }
        if (quantum < 1 && Math.abs(1 / quantum - Math.rint(1 / quantum)) > 1e-9) {
            throw new IllegalArgumentException("a quantum below 1 must be 1/k for a whole k (0.1, 0.001), got "
                    + quantum);
        }
        this.lo = lo;
        this.hi = hi;
        this.quantum = quantum;
    }

    /** Maps {@code u} in [0, 1) to a quantized log-uniform value in [lo, hi], as pycls maps its uniform draw. */
    public double map(double u) {
        double a = -Math.log(hi);
        double b = -Math.log(lo - Math.min(quantum, lo / 2));
        double f = Math.exp(-(a + u * (b - a)));
        double k = Math.ceil(f / quantum);
        double inverse = 1 / quantum;
        double v = inverse == Math.rint(inverse) && inverse > 1 ? k / inverse : k * quantum;
        return Math.min(hi, Math.max(lo, v));
    }

    @Override
    public Double getValue(double[] parameterValues) {
        if (index < 0) {
            throw new IllegalStateException("log-uniform leaf used before a generator assigned its index");
        }
        return map(parameterValues[index]);
    }

    @Override
    public int numParameters() {
        return 1;
    }

    @Override
    @SuppressWarnings("rawtypes") // Arbiter's interface signature
    public List<ParameterSpace> collectLeaves() {
        return Collections.singletonList(this);
    }

    @Override
    @SuppressWarnings("rawtypes") // Arbiter's interface signature
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Collections.emptyMap();
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public void setIndices(int... indices) {
        if (indices == null || indices.length != 1) {
            throw new IllegalArgumentException("a log-uniform leaf takes exactly one index");
        }
        this.index = indices[0];
    }

    @Override
    public String toString() {
        return "LogUniform[" + lo + ", " + hi + "] q=" + quantum;
    }
}
