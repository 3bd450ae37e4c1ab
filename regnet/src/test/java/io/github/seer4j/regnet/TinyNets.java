package io.github.seer4j.regnet;

import io.github.seer4j.designspace.HeadSpec;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.StageSpec;
import io.github.seer4j.designspace.StemSpec;
import java.util.List;

/** Small specs that exercise every code path: grouped conv, SE, bottleneck < 1, projection, 1x1 spatial size. */
final class TinyNets {
    private TinyNets() {
    }

    /** Stem 2 -> 8; stages (8, d1, s1, gw 4), (16, d2, s2, gw 4, b 0.5), (24, d2, s2, gw 8); SE 0.25; {@code classes}. */
    static NetworkSpec spec(int classes) {
        return new NetworkSpec("tiny", new StemSpec(2, 8), List.of(
                new StageSpec(8, 1, 1, 4, 1.0, 0.25),
                new StageSpec(16, 2, 2, 4, 0.5, 0.25),
                new StageSpec(24, 2, 2, 8, 1.0, 0.25)), new HeadSpec(classes), null);
    }
}
