package io.github.seer4j.catalog;

import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import io.github.seer4j.designspace.StageSpec;
import java.util.Optional;

/**
 * torchvision constructor arguments: {@code BlockParams.from_init_params(...)} when torchvision's own rounding of the
 * generator numbers gives exactly these stages, otherwise the explicit {@code BlockParams(depths=..., ...)} form.
 */
public final class TorchvisionArgs {
    private TorchvisionArgs() {}

    /** A Python snippet that builds {@code spec} with torchvision.models.regnet. */
    public static String write(NetworkSpec spec) {
        if (spec.stem().inChannels() != 3) {
            throw new InvalidDesignException("torchvision's RegNet stem reads 3 channels, but " + spec.name() + " has "
                    + spec.stem().inChannels() + "; export json instead");
        }
        double se = spec.stages().get(0).seRatio();
        if (spec.stages().stream().anyMatch(s -> s.seRatio() != se)) {
            throw new InvalidDesignException("torchvision uses one se_ratio for all stages, but " + spec.name()
                    + " mixes them; export json instead");
        }
        String seArg = se > 0 ? Numbers.decimal(se) : "None";
        Optional<RegNetParams> gen = spec.regNetParams()
                .filter(p -> p.withRounding(Rounding.TORCHVISION).stages().equals(spec.stages()));
        StringBuilder b = new StringBuilder();
        b.append("# ").append(spec.name()).append('\n');
        b.append("from torchvision.models.regnet import BlockParams, RegNet\n");
        if (gen.isPresent()) {
            RegNetParams p = gen.get();
            b.append("block_params = BlockParams.from_init_params(depth=").append(p.depth())
                    .append(", w_0=").append(p.w0())
                    .append(", w_a=").append(Numbers.decimal(p.wa()))
                    .append(", w_m=").append(Numbers.decimal(p.wm()))
                    .append(", group_width=").append(p.groupWidth())
                    .append(", bottleneck_multiplier=").append(Numbers.decimal(p.bottleneck()))
                    .append(", se_ratio=").append(seArg).append(")\n");
        } else {
            if (spec.regNetParams().isPresent()) {
                b.append("# torchvision rounds these generator numbers to other widths: stages listed explicitly\n");
            }
            b.append("block_params = BlockParams(depths=").append(Numbers.ints(spec.depths()))
                    .append(", widths=").append(Numbers.ints(spec.widths()))
                    .append(", group_widths=").append(Numbers.ints(spec.groupWidths()))
                    .append(", bottleneck_multipliers=")
                    .append(Numbers.decimals(spec.stages().stream().map(StageSpec::bottleneck).toList()))
                    .append(", strides=").append(Numbers.ints(spec.strides()))
                    .append(", se_ratio=").append(seArg).append(")\n");
        }
        b.append("model = RegNet(block_params, num_classes=").append(spec.head().numClasses())
                .append(", stem_width=").append(spec.stem().width()).append(")\n");
        return b.toString();
    }
}
