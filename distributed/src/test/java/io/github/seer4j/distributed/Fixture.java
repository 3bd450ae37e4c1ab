package io.github.seer4j.distributed;

import io.github.seer4j.data.Image;
import io.github.seer4j.data.ImageSource;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;
import io.github.seer4j.train.PretrainConfig;
import io.github.seer4j.train.SwavPretrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;

/** The tiny SwAV run every test (in this JVM and in the rank JVMs) builds the same way. */
final class Fixture {

    /** Global batch; each of 2 ranks takes half. */
    static final int BATCH = 8;
    static final int STEPS = 4;

    private Fixture() {
    }

    /** 32 synthetic 14x14 gray images, different enough for the crops to differ. */
    static final ImageSource IMAGES = new ImageSource() {
        @Override
        public int size() {
            return 32;
        }

        @Override
        public Image image(int index) {
            float[] px = new float[14 * 14];
            for (int i = 0; i < px.length; i++) {
                px[i] = ((i * (index + 3) + index * index) % 31) / 30f;
            }
            return new Image(1, 14, 14, px);
        }
    };

    /**
     * 4 steps of batch 8 with a two-resolution multi-crop, a queue of 16 from the start (full, and used by Sinkhorn,
     * from step 3), prototypes frozen for the first step, a head with batch norm, LARC.
     */
    static PretrainConfig config(long seed) {
        return PretrainConfig.defaults().toBuilder().epochs(1).steps(STEPS).batchSize(BATCH).crops("2x12+2x8")
                .prototypes(10).queueLength(16).queueStartEpoch(0).queueStartIteration(0).epsilon(0.05)
                .sinkhornIterations(3).baseLr(0.3).finalLr(0.003).warmupEpochs(0).warmupIterations(1)
                .freezePrototypes(1).headDims(new int[] {16, 8}).headBatchNorm(true).larcTrust(0.001).larcClip(true)
                .globalScale(new double[] {0.14, 1}).localScale(new double[] {0.05, 0.14}).checkpointEvery(0)
                .seed(seed).workers(1).build();
    }

    static SwavPretrainer trainer(Path out, long seed) {
        NetworkSpec spec = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build();
        RegNetNetwork net = RegNetNetwork.build(spec,
                RegNetOptions.defaults().withoutHead().withInputChannels(1).withDataType(DataType.FLOAT).withSeed(5));
        return new SwavPretrainer(net, IMAGES, AugmentOptions.swavGray(), config(seed), out,
                new PrintStream(PrintStream.nullOutputStream()));
    }
}
