package io.github.seer4j.train;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.swav.CropSpec;
import java.util.Locale;

/**
 * What a SwAV run needs before anything is allocated, from the spec's counts alone: off-heap, the parameters three
 * times (value, gradient, momentum) plus the activations a training step keeps for backward (the spec's activation count
 * at each crop size, times {@link #KEPT_PER_ACTIVATION} for the convolution, normalisation and nonlinearity outputs,
 * times crops and batch); on the heap, the checkpoint's bytes three times (serialised, copied, checksummed).
 */
public record MemoryEstimate(long parameters, long offHeapBytes, long heapBytes, long activationsPerImage) {

    /** Tensors a step keeps per counted activation (convolution, batch-norm and nonlinearity outputs). */
    public static final int KEPT_PER_ACTIVATION = 3;

    /**
     * @param trunk         the trunk as it will be built (input channels and head applied)
     * @param bytesPerValue 4 for FLOAT, 8 for DOUBLE
     */
    public static MemoryEstimate of(NetworkSpec trunk, PretrainConfig cfg, int bytesPerValue) {
        try {
            return count(trunk, cfg, bytesPerValue);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("this run's memory need overflows 8 EiB (model " + trunk.name()
                    + ", --crops " + cfg.crops() + ", --batch " + cfg.batchSize() + "); choose a smaller model, batch"
                    + " or crops");
        }
    }

    private static MemoryEstimate count(NetworkSpec trunk, PretrainConfig cfg, int bytesPerValue) {
        CropSpec crops = cfg.cropSpec();
        long params = trunk.complexity(crops.groups().get(0).size()).params();
        long head = 0;
        long in = trunk.outputWidth();
        for (int d : cfg.headDims()) {
            head += in * d + 3L * d;
            in = d;
        }
        head += in * cfg.prototypes();
        long acts = 0;
        for (CropSpec.Group g : crops.groups()) {
            acts = Math.addExact(acts, Math.multiplyExact(trunk.complexity(g.size()).acts(), (long) g.count()));
        }
        long stateBytes = Math.multiplyExact(params + head, (long) bytesPerValue);
        long stepBytes = Math.multiplyExact(Math.multiplyExact(acts, (long) cfg.batchSize()),
                (long) KEPT_PER_ACTIVATION * bytesPerValue);
        long offHeap = Math.addExact(Math.multiplyExact(stateBytes, 3L), stepBytes);
        long heap = Math.multiplyExact(Math.multiplyExact(stateBytes, 2L), 3L);
        return new MemoryEstimate(params + head, offHeap, heap, acts);
    }

    /** Refuses, with the estimate and the limit, a run that cannot fit {@code maxOffHeap} / {@code maxHeap} bytes. */
    public void check(long maxOffHeap, long maxHeap) {
        if (maxOffHeap > 0 && offHeapBytes > maxOffHeap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "this run needs about %s off-heap (%,d"
                    + " parameters, %s per step for activations) but the limit is %s"
                    + " (-Dorg.bytedeco.javacpp.maxbytes); choose a smaller model, batch or crops, or raise the limit",
                    human(offHeapBytes), parameters, human(offHeapBytes - 3 * (heapBytes / 6)), human(maxOffHeap)));
        }
        if (maxHeap > 0 && heapBytes > maxHeap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "this run's checkpoints need about %s of heap"
                    + " (%,d parameters) but the heap limit is %s (-Xmx); choose a smaller model or raise -Xmx",
                    human(heapBytes), parameters, human(maxHeap)));
        }
    }

    /** Checks against this JVM's limits: {@code Pointer.maxBytes()} off-heap, {@code Runtime.maxMemory()} heap. */
    public void checkThisJvm() {
        check(org.bytedeco.javacpp.Pointer.maxBytes(), Runtime.getRuntime().maxMemory());
    }

    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
