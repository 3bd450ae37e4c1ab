package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Complexity of tiny networks counted by hand. */
class ComplexityTest {

    /**
     * Stem 3->32 at 32 px, then one Y block 32->16 (stride 2, group width 8, bottleneck 1, SE 0.25), head 10.
     * <pre>
     * stem:  out 16x16. flops 9*3*32*256 = 221184; params 9*3*32 + 64 = 928; acts 32*256 = 8192
     * proj:  1x1 32->16 at 8x8: flops 32*16*64 = 32768; params 512 + 32 = 544; acts 16*64 = 1024
     * a:     1x1 32->16 at 16x16: flops 32*16*256 = 131072; params 512 + 32 = 544; acts 16*256 = 4096
     * b:     3x3 16->16, 2 groups, stride 2, 8x8: flops 9*16*16*64/2 = 73728; params 9*256/2 + 32 = 1184; acts 1024
     * se:    w_se = round(0.25*32) = 8: flops 16*8+8 + 8*16+16 = 280; params 280; acts 8 + 16 = 24
     * c:     1x1 16->16 at 8x8: flops 16384; params 256 + 32 = 288; acts 1024
     * head:  16*10+10 = 170 flops, 170 params, 10 acts
     * total: flops 475586, params 3938, acts 15394
     * </pre>
     */
    @Test
    void oneYBlockByHand() {
        NetworkSpec spec = NetworkSpec.anyNet("tiny", List.of(new StageSpec(16, 1, 2, 8, 1.0, 0.25)), 10);
        assertEquals(new Complexity(475586, 3938, 15394), spec.complexity(32));
    }

    /**
     * A second identical block (16->16, stride 1, no projection; w_se = round(0.25*16) = 4) adds
     * a 16384+b 9*256*64/2=73728 + se (16*4+4+4*16+16=148) + c 16384 = 106644 flops,
     * params 288 + 1184 + 148 + 288 = 1908, acts 1024*3 + 4 + 16 = 3092.
     */
    @Test
    void secondBlockByHand() {
        NetworkSpec spec = NetworkSpec.anyNet("tiny", List.of(new StageSpec(16, 2, 2, 8, 1.0, 0.25)), 10);
        assertEquals(new Complexity(475586 + 106644, 3938 + 1908, 15394 + 3092), spec.complexity(32));
    }

    @Test
    void noHeadAndGrayscaleInput() {
        NetworkSpec spec = NetworkSpec.anyNet("tiny", List.of(new StageSpec(16, 1, 2, 8, 1.0, 0.25)), 10)
                .withoutHead().withInputChannels(1);
        // stem with 1 input channel: flops 9*1*32*256 = 73728 (was 221184), params 9*32 + 64 = 352 (was 928)
        assertEquals(new Complexity(475586 - 170 - 221184 + 73728, 3938 - 170 - 928 + 352, 15394 - 10),
                spec.complexity(32));
    }

    @Test
    void oddResolutionsUsePyclsCeilingOfStride() {
        // (h - 1) // 2 + 1: 33 px -> stem 17 -> block 9
        NetworkSpec spec = NetworkSpec.anyNet("tiny", List.of(new StageSpec(16, 1, 2, 8, 1.0, 0.0)), 0);
        long stem = 9L * 3 * 32 * 17 * 17;
        long proj = 32L * 16 * 81;
        long a = 32L * 16 * 17 * 17;
        long b = 9L * 16 * 16 * 81 / 2;
        long c = 16L * 16 * 81;
        assertEquals(stem + proj + a + b + c, spec.complexity(33).flops());
    }
}
