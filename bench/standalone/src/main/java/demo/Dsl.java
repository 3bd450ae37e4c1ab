package demo;

import io.github.seer4j.designspace.*;
import java.util.List;

public class Dsl {
    public static void main(String[] args) {
        NetworkSpec y400 = RegNet.named("RegNetY-400MF");                 // 44 presets: pycls, torchvision, SEER
        System.out.println(y400.widths() + " " + y400.depths());          // [48, 104, 208, 440] [1, 3, 6, 6]
        Complexity c = y400.complexity(224);                              // pycls counting, any resolution
        System.out.println(c.flops() + " " + c.params() + " " + c.acts());// 401849056 4344144 3892496

        NetworkSpec mine = RegNet.y().depth(16).w0(48).wa(27.89).wm(2.09).groupWidth(8)
                .rounding(Rounding.TORCHVISION)                           // or PYCLS (default)
                .build();
        NetworkSpec fit = RegNet.y().flops(1.7e9).build();                // within 2% of 1.7 GF, deterministic
        NetworkSpec small = RegNet.y().resolution(28).classes(10).inputChannels(1).flops(20e6).build();

        for (BlockSpec b : y400.blocks())                                 // every block resolved: widths, groups, SE width
            System.out.println(b);

        List<NetworkSpec> sample = new ConstrainedSampler(RegNetSpace.y(),
                Constraints.none().flops(360e6, 440e6).stages(4, 4)).sample(100, 1L);   // seeded rejection sampling
        DesignSpace e = DesignSpace.named("AnyNetXE");                    // AnyNetX A..E as in the paper
        System.out.println(mine.widths() + " " + fit.complexity(224).flops() + " " + small.widths() + " " + sample.size() + " " + e);
    }
}
