package io.github.seer4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.StageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.data.Image;
import io.github.seer4j.data.ImageSource;

/** Feature shapes and pooling on a tiny two-stage network. */
class FeatureExtractorTest {

    private static final NetworkSpec TINY = NetworkSpec.anyNet("tiny",
            List.of(new StageSpec(16, 1, 2, 8, 1.0, 0.25), new StageSpec(24, 2, 2, 8, 1.0, 0.25)), 0);

    /** Five 12x12 gray images with distinct constant values. */
    private static final ImageSource IMAGES = new ImageSource() {
        @Override
        public int size() {
            return 5;
        }

        @Override
        public Image image(int index) {
            float[] px = new float[144];
            java.util.Arrays.fill(px, index / 5f);
            return new Image(1, 12, 12, px);
        }
    };

    @Test
    void lastStageOrEveryStagePooled() {
        RegNetNetwork net = RegNetNetwork.build(TINY, RegNetOptions.defaults().withInputChannels(1).withoutHead());
        INDArray last = new FeatureExtractor(net, new float[] {0.5f}, new float[] {0.25f}, ProbeFeatures.LAST_STAGE, 2).extract(IMAGES);
        assertArrayEquals(new long[] {5, 24}, last.shape());
        INDArray all = new FeatureExtractor(net, new float[] {0.5f}, new float[] {0.25f}, ProbeFeatures.ALL_STAGES, 3).extract(IMAGES);
        assertArrayEquals(new long[] {5, 16 + 24}, all.shape());
        // the last stage's part of the concatenation equals the last-stage features, whatever the batch size
        assertEquals(last, all.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(16, 40)));
    }

    @Test
    void spatialFeaturesKeepEveryCellOfEachStageAtTheChosenResolution() {
        RegNetNetwork net = RegNetNetwork.build(TINY, RegNetOptions.defaults().withInputChannels(1).withoutHead());
        // 12 px: stem 6 px, stage 1 at 3x3 (16 wide), stage 2 at 2x2 (24 wide)
        INDArray own = new FeatureExtractor(net, new float[] {0.5f}, new float[] {0.25f},
                new ProbeFeatures(true, 7, ProbeFeatures.NATIVE), 2).extract(IMAGES);
        assertArrayEquals(new long[] {5, 16 * 9 + 24 * 4}, own.shape());
        // resampled to 24 px: stem 12 px, stage 1 at 6x6, stage 2 at 3x3
        INDArray upsampled = new FeatureExtractor(net, new float[] {0.5f}, new float[] {0.25f},
                new ProbeFeatures(true, 7, 24), 3).extract(IMAGES);
        assertArrayEquals(new long[] {5, 16 * 36 + 24 * 9}, upsampled.shape());
        // the mean of the four non-overlapping last-stage cells is the last stage's global pool
        INDArray last = new FeatureExtractor(net, new float[] {0.5f}, new float[] {0.25f}, ProbeFeatures.LAST_STAGE, 5)
                .extract(IMAGES);
        INDArray cells = own.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(144, 240)).reshape(5, 4, 24).mean(1);
        assertTrue(last.equalsWithEps(cells, 1e-5));
    }

    @Test
    void featureLayoutsHaveDistinctCacheKeysAndCheckTheirValues() {
        assertEquals("last", ProbeFeatures.LAST_STAGE.cacheKey());
        assertEquals("all", ProbeFeatures.ALL_STAGES.cacheKey());
        assertEquals("all|grid7|36px", ProbeFeatures.SPATIAL.cacheKey());
        assertEquals("all stages, 7x7 cells, 36 px", ProbeFeatures.SPATIAL.describe());
        assertThrows(IllegalArgumentException.class, () -> new ProbeFeatures(true, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProbeFeatures(true, 2, -1));
    }
}
