package io.github.seer4j.train;

import io.github.seer4j.data.Image;
import io.github.seer4j.data.ImageSource;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.regnet.RegNetOptions;
import io.github.seer4j.swav.AugmentOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A tiny deterministic SwAV run (12 synthetic 14 px images, batch 4, a 2-block RegNetY, a checkpoint every
 * iteration) for the run-folder tests; {@link #main} runs it in a child JVM that the crash test kills.
 */
final class TinyRun {

    static final ImageSource IMAGES = new ImageSource() {
        public int size() {
            return 12;
        }

        public Image image(int index) {
            float[] px = new float[14 * 14];
            for (int i = 0; i < px.length; i++) {
                px[i] = ((i * (index + 3)) % 29) / 28f;
            }
            return new Image(1, 14, 14, px);
        }
    };

    private TinyRun() {}

    static PretrainConfig config(long steps) {
        return new PretrainConfig(1, steps, 4, "2x12+2x8", 6, 4, 1, 0, 0.05, 3, 0.1, 0.3, 0.003, 0.0, 1, 0, 1e-6, 2,
                new int[] {16, 8}, true, 0.001, true, new double[] {0.14, 1}, new double[] {0.05, 0.14}, 1, 17L, 1);
    }

    static SwavPretrainer trainer(Path out, PretrainConfig cfg, PrintStream log) {
        NetworkSpec spec = RegNet.y().depth(2).w0(8).wa(8.0).wm(2.0).groupWidth(8).se(0.25).inputChannels(1).build();
        RegNetNetwork net = RegNetNetwork.build(spec,
                RegNetOptions.defaults().withoutHead().withInputChannels(1).withDataType(DataType.DOUBLE).withSeed(5));
        return new SwavPretrainer(net, IMAGES, AugmentOptions.swavGray(), cfg, out, log);
    }

    /**
     * {@code TinyRun DIR STEPS}: resumes the run in DIR when it has a checkpoint, else starts it (replacing what a
     * killed first attempt left); prints "ready" when about to train.
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        boolean resume = Files.exists(out.resolve(RunFolder.CHECKPOINT_FILE));
        SwavPretrainer t = trainer(out, config(Long.parseLong(args[1])), new PrintStream(
                PrintStream.nullOutputStream())).force(!resume);
        System.out.println("ready");
        System.out.flush();
        t.run(resume);
        System.out.println("done");
        System.out.flush();
    }
}
