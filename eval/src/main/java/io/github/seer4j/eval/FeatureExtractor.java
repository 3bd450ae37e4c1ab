package io.github.seer4j.eval;

import io.github.seer4j.data.ResizedImages;
import io.github.seer4j.train.BatchAssembler;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.data.ImageSource;

/**
 * Frozen features of a trunk: images are normalised with the training statistics, run in inference mode in
 * batches, and average-pooled at the end of the last stage, or of every stage (concatenated), as the
 * {@link ProbeFeatures} says.
 */
public final class FeatureExtractor {
    private final RegNetNetwork net;
    private final BatchAssembler assembler;
    private final ProbeFeatures features;
    private final int batchSize;

    public FeatureExtractor(RegNetNetwork net, float[] mean, float[] std, ProbeFeatures features, int batchSize) {
        if (mean.length != net.inputChannels() || std.length != net.inputChannels()) {
            throw new IllegalArgumentException("normalisation needs one mean and std per input channel ("
                    + net.inputChannels() + ")");
        }
        this.net = net;
        this.assembler = new BatchAssembler(mean, std, net.dataType());
        this.features = features;
        this.batchSize = batchSize;
    }

    /**
     * Features [N, D] of every image, in order (D follows from the {@link ProbeFeatures} and the images' size).
     * The first batch runs alone and fixes D; the rest run on up to two threads at once (inference changes no state
     * of the network), each in its own step workspace.
     */
    public INDArray extract(ImageSource images) {
        ImageSource source = features.resolution() == ProbeFeatures.NATIVE ? images
                : new ResizedImages(images, features.resolution());
        int n = source.size();
        if (n == 0) {
            throw new IllegalArgumentException("no images to extract features from");
        }
        int batches = (n + batchSize - 1) / batchSize;
        INDArray first;
        try (MemoryWorkspace ws = net.openStepWorkspace()) {
            first = batch(source, 0, Math.min(n, batchSize)).detach();
        }
        INDArray out = Nd4j.create(DataType.FLOAT, n, first.columns());
        out.get(NDArrayIndex.interval(0, first.rows()), NDArrayIndex.all()).assign(first);
        int threads = Math.min(batches - 1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(1);
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                int start = b * batchSize;
                int end = Math.min(n, start + batchSize);
                try (MemoryWorkspace ws = net.openStepWorkspace()) {
                    INDArray features = batch(source, start, end);
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

    private INDArray batch(ImageSource source, int start, int end) {
        int[] idx = java.util.stream.IntStream.range(start, end).toArray();
        return features(assembler.batch(source, idx)).castTo(DataType.FLOAT);
    }

    private INDArray features(INDArray images) {
        List<INDArray> pooled = net.pooledStageOutputs(images, features.grid());
        if (!features.allStages()) {
            return pooled.get(pooled.size() - 1);
        }
        return Nd4j.concat(1, pooled.toArray(new INDArray[0]));
    }
}
