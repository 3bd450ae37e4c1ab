package train;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

    /** Features [N, dimension()] of every image of {@code source}, in order. */
    public INDArray extract(ImageSource source) {
        int n = source.size();
        INDArray out = Nd4j.create(DataType.FLOAT, n, dimension());
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            final int start0 = start;
            try (MemoryWorkspace ws = net.openStepWorkspace()) {
                int[] idx = new int[end - start];
                java.util.Arrays.setAll(idx, i -> start0 + i);
                INDArray batch = assembler.batch(source, idx);
                INDArray features = features(batch);
                out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(features.castTo(DataType.FLOAT));
            }
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
