package io.github.seer4j.blocks;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Opt-in wall-clock profile of the engine by kind of work, for benchmarks. Off by default (one boolean check per
 * layer call). CPU ops are synchronous so times are exact; on CUDA, ops queue asynchronously and the split is rough.
 */
public final class StepProfile {

    /** Kinds of work a step spends time on. */
    public enum Part {
        CONV_1X1_FORWARD, CONV_1X1_BACKWARD, CONV_3X3_FORWARD, CONV_3X3_BACKWARD, GROUPED_CONV_FORWARD,
        GROUPED_CONV_BACKWARD, BATCH_NORM_FORWARD, BATCH_NORM_BACKWARD, SE_FORWARD, SE_BACKWARD, RELU_AND_ADD_FORWARD,
        RELU_AND_ADD_BACKWARD, HEAD_FORWARD, HEAD_BACKWARD
    }

    private static volatile boolean enabled;
    private static final Map<Part, long[]> NANOS = new EnumMap<>(Part.class);

    private StepProfile() {
    }

    public static void enable(boolean on) {
        enabled = on;
    }

    public static boolean enabled() {
        return enabled;
    }

    public static synchronized void reset() {
        NANOS.clear();
    }

    /** A start time when profiling, else 0. */
    static long start() {
        return enabled ? System.nanoTime() : 0;
    }

    static void stop(Part part, long start) {
        if (enabled) {
            long d = System.nanoTime() - start;
            synchronized (StepProfile.class) {
                NANOS.computeIfAbsent(part, p -> new long[1])[0] += d;
            }
        }
    }

    /** Runs a layer's forward pass, timing it as {@code forward} and the backward it returns as {@code backward}. */
    static Traced timed(Part forward, Part backward, Supplier<Traced> pass) {
        if (!enabled) {
            return pass.get();
        }
        long t0 = System.nanoTime();
        Traced t = pass.get();
        stop(forward, t0);
        return new Traced(t.output(), new Backprop() {
            @Override
            public INDArray apply(INDArray g) {
                long t1 = System.nanoTime();
                INDArray gradIn = t.backprop().apply(g);
                stop(backward, t1);
                return gradIn;
            }

            @Override
            public INDArray applyAdding(INDArray g, INDArray sum) {
                long t1 = System.nanoTime();
                INDArray gradIn = t.backprop().applyAdding(g, sum);
                stop(backward, t1);
                return gradIn;
            }
        });
    }

    /** Accumulated milliseconds by part (divided by {@code steps}), in the parts' order. */
    public static synchronized Map<String, Double> millisPerStep(int steps) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<Part, long[]> e : NANOS.entrySet()) {
            out.put(e.getKey().name(), e.getValue()[0] / 1e6 / steps);
        }
        return out;
    }
}
