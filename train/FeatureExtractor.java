package train;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import regnet.RegNetNetwork;
import swav.ImageSource;

/**
 * Frozen features of a trunk: images are normalised with the training statistics, run in inference mode in
 * batches, and global-average-pooled at the end of the last stage, or of every stage (concatenated) when
 * {@code allStages} is set.
 */
public final class FeatureExtractor {
    private final RegNetNetwork net;
    private final BatchAssembler assembler;
    private final boolean allStages;
    private final int batchSize;

    public FeatureExtractor(RegNetNetwork net, float[] mean, float[] std, boolean allStages, int batchSize) {
        if (mean.length != net.inputChannels() || std.length != net.inputChannels()) {
            throw new IllegalArgumentException("normalisation needs one mean and std per input channel ("
                    + net.inputChannels() + ")");
        }
        this.net = net;
        this.assembler = new BatchAssembler(mean, std, net.dataType());
        this.allStages = allStages;
        this.batchSize = batchSize;
    }

    /** Width of the feature vectors. */
    public int dimension() {
        if (!allStages) {
            return net.spec().outputWidth();
        }
        return net.spec().widths().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Features [N, dimension()] of every image of {@code source}, in order. Batches run on up to two threads at once
     * (inference changes no state of the network), each in its own step workspace.
     */
    public INDArray extract(ImageSource source) {
        int n = source.size();
        INDArray out = Nd4j.create(DataType.FLOAT, n, dimension());
        int batches = (n + batchSize - 1) / batchSize;
        int threads = Math.min(batches, Math.min(2, Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                int start = b * batchSize;
                int end = Math.min(n, start + batchSize);
                try (MemoryWorkspace ws = net.openStepWorkspace()) {
                    int[] idx = java.util.stream.IntStream.range(start, end).toArray();
                    INDArray features = features(assembler.batch(source, idx)).castTo(DataType.FLOAT);
                    synchronized (out) {
                        out.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).assign(features);
                    }
                }
            }
        };
        if (threads < 2) {
            worker.run();
            return out;
        }
        Thread helper = new Thread(worker, "seer4j-features");
        helper.setDaemon(true);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        helper.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        helper.start();
        worker.run();
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting features", e);
        }
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        } else if (failure.get() != null) {
            throw new IllegalStateException("feature extraction failed on its second thread", failure.get());
        }
        return out;
    }

    private INDArray features(INDArray images) {
        List<INDArray> pooled = net.pooledStageOutputs(images);
        if (!allStages) {
            return pooled.get(pooled.size() - 1);
        }
        return Nd4j.concat(1, pooled.toArray(new INDArray[0]));
    }
}
