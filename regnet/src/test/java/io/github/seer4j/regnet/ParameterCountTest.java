package io.github.seer4j.regnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.designspace.StageSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built network's real parameter tensors add up to the DSL's count and to torchvision's published counts. */
class ParameterCountTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // torchvision 0.14 counts: regnet_y_400mf as published; the 200MF ones from torchvision's RegNet class built
        // with the same generator numbers (BlockParams.from_init_params(13, 24, 36.44, 2.49, 8[, se_ratio=0.25]))
        "RegNetY-200MF, 3162996, 368",
        "RegNetX-200MF, 2684792, 368",
        "RegNetY-400MF, 4344144, 440"
    })
    void presetsMatchPublishedCounts(String name, long published, int lastWidth) {
        NetworkSpec spec = RegNet.named(name);
        RegNetNetwork withHead = RegNetNetwork.build(spec);
        assertEquals(published, withHead.parameterCount());
        assertEquals(spec.complexity(224).params(), withHead.parameterCount());

        RegNetNetwork trunk = RegNetNetwork.build(spec, RegNetOptions.defaults().withoutHead());
        long headParams = lastWidth * 1000L + 1000;
        assertEquals(published - headParams, trunk.parameterCount());
        assertEquals(spec.withoutHead().complexity(32).params(), trunk.parameterCount());

        RegNetNetwork gray = RegNetNetwork.build(spec, RegNetOptions.defaults().withInputChannels(1).withClasses(10));
        long stemDelta = 3 * 3 * 2 * 32; // two fewer input channels of the 3x3 stem conv to 32
        long headDelta = lastWidth * 990L + 990;
        assertEquals(published - stemDelta - headDelta, gray.parameterCount());
        assertEquals(spec.withInputChannels(1).withClasses(10).complexity(32).params(), gray.parameterCount());
    }

    @Test
    void randomRegNetsMatchTheDsl() {
        Random r = new Random(3);
        for (int i = 0; i < 6; i++) {
            NetworkSpec spec = (r.nextBoolean() ? RegNet.y() : RegNet.x())
                    .depth(4 + r.nextInt(10)).w0(8 * (1 + r.nextInt(6))).wa(8 + 30 * r.nextDouble())
                    .wm(1.5 + r.nextDouble()).groupWidth(8).classes(r.nextInt(3) * 5).build();
            RegNetNetwork net = RegNetNetwork.build(spec);
            assertEquals(spec.complexity(64).params(), net.parameterCount(), spec.toString());
        }
    }

    @Test
    void anyNetWithBottleneckAndSeMatchesHandCount() {
        // one stage: width 16, depth 2, stride 2, group width 4, bottleneck 0.5 (inner 8), SE 0.25; stem 1->8; 3 classes
        NetworkSpec spec = new NetworkSpec("tiny", new io.github.seer4j.designspace.StemSpec(1, 8),
                List.of(new StageSpec(16, 2, 2, 4, 0.5, 0.25)), new io.github.seer4j.designspace.HeadSpec(3), null);
        long stem = 9 * 1 * 8 + 2 * 8;
        // block 1: in 8, se = round(0.25*8) = 2; projection 8->16
        long b1 = (8 * 8 + 16) + (9 * 8 * 4 + 16) + (8 * 2 + 2 + 2 * 8 + 8) + (8 * 16 + 32) + (8 * 16 + 32);
        // block 2: in 16, se = 4; no projection
        long b2 = (16 * 8 + 16) + (9 * 8 * 4 + 16) + (8 * 4 + 4 + 4 * 8 + 8) + (8 * 16 + 32);
        long head = 16 * 3 + 3;
        assertEquals(stem + b1 + b2 + head, RegNetNetwork.build(spec).parameterCount());
        assertEquals(spec.complexity(16).params(), RegNetNetwork.build(spec).parameterCount());
    }
}
