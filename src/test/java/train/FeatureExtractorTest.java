package train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import designspace.NetworkSpec;
import designspace.StageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import regnet.RegNetNetwork;
import regnet.RegNetOptions;
import swav.Image;
import swav.ImageSource;

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
        INDArray last = new FeatureExtractor(net, new float[] {0.5f}, new float[] {0.25f}, false, 2).extract(IMAGES);
        assertArrayEquals(new long[] {5, 24}, last.shape());
        INDArray all = new FeatureExtractor(net, new float[] {0.5f}, new float[] {0.25f}, true, 3).extract(IMAGES);
        assertArrayEquals(new long[] {5, 16 + 24}, all.shape());
        // the last stage's part of the concatenation equals the last-stage features, whatever the batch size
        assertEquals(last, all.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(16, 40)));
    }
}
