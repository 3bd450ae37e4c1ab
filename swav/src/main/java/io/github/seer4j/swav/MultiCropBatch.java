package io.github.seer4j.swav;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of views: {@code groups.get(g)} is [count_g * B, C, S_g, S_g], crop-major (all images' crop 0, then all
 * images' crop 1, ...), so the backbone runs once per resolution group as in SwAV.
 */
public record MultiCropBatch(int epoch, int step, int[] indices, List<INDArray> groups) {

    public MultiCropBatch {
        indices = indices.clone();
        groups = List.copyOf(groups);
    }

    /** Number of images (not views) in the batch. */
    public int size() {
        return indices.length;
    }
}
