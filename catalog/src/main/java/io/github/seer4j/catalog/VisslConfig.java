package io.github.seer4j.catalog;

import io.github.seer4j.designspace.HeadSpec;
import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import io.github.seer4j.designspace.StemSpec;
import java.util.Locale;

/**
 * The VISSL model config of a RegNet trunk, shaped like VISSL's own {@code configs/config/pretrain/swav/models/
 * regnet*.yaml}: a Hydra {@code # @package _global_} file whose {@code config.MODEL.TRUNK} has {@code NAME: regnet}
 * and {@code REGNET: {depth, w_0, w_a, w_m, group_width, ...}}, the keys of ClassyVision's
 * {@code RegNet.from_config}. Every key is written, because ClassyVision's defaults differ from pycls's (use_se
 * defaults to True). VISSL builds RegNets from generator numbers with pycls rounding, so a spec qualifies only when
 * that rounding reproduces its stages. The SwAV head (MODEL.HEAD) belongs to the pretraining recipe, not the trunk,
 * and is left to the VISSL config that includes this file.
 */
public final class VisslConfig {
    static final String NAME_COMMENT = "# seer4j: ";
    private static final String STEM_TYPE = "simple_stem_in";
    private static final String BLOCK_TYPE = "res_bottleneck_block";
    private static final double BN_EPSILON = 1e-5;
    private static final double BN_MOMENTUM = 0.1;

    private VisslConfig() {}

    public static String write(NetworkSpec spec) {
        RegNetParams p = spec.regNetParams().orElseThrow(() -> new InvalidDesignException("VISSL describes RegNets by"
                + " their generator numbers, but " + spec.name() + " has none (an AnyNet spec); export yaml-pycls or"
                + " json instead"));
        if (!p.withRounding(Rounding.PYCLS).stages().equals(spec.stages())) {
            throw new InvalidDesignException("VISSL rounds the generator numbers of " + spec.name() + " the pycls way,"
                    + " which gives other stages than this spec's (" + p.rounding().name().toLowerCase(Locale.ROOT)
                    + " rounding); export yaml-pycls (explicit stages) or json instead");
        }
        if (spec.stem().inChannels() != 3) {
            throw new InvalidDesignException("VISSL's RegNet stem reads 3 channels, but " + spec.name() + " has "
                    + spec.stem().inChannels() + "; export json instead");
        }
        boolean se = p.seRatio() > 0;
        StringBuilder b = new StringBuilder();
        b.append("# @package _global_\n");
        b.append(NAME_COMMENT).append(spec.name()).append('\n');
        b.append("# trunk only: VISSL's RegNet has no classifier (seer4j's spec has ").append(spec.head().numClasses())
                .append(" classes); the head goes under config.MODEL.HEAD\n");
        b.append("config:\n");
        b.append("  MODEL:\n");
        b.append("    TRUNK:\n");
        b.append("      NAME: regnet\n");
        b.append("      REGNET:\n");
        String in = "        ";
        b.append(in).append("depth: ").append(p.depth()).append('\n');
        b.append(in).append("w_0: ").append(p.w0()).append('\n');
        b.append(in).append("w_a: ").append(Numbers.decimal(p.wa())).append('\n');
        b.append(in).append("w_m: ").append(Numbers.decimal(p.wm())).append('\n');
        b.append(in).append("group_width: ").append(p.groupWidth()).append('\n');
        b.append(in).append("bottleneck_multiplier: ").append(Numbers.decimal(p.bottleneck())).append('\n');
        b.append(in).append("stem_type: ").append(STEM_TYPE).append('\n');
        b.append(in).append("stem_width: ").append(spec.stem().width()).append('\n');
        b.append(in).append("block_type: ").append(BLOCK_TYPE).append('\n');
        b.append(in).append("activation: relu\n");
        b.append(in).append("use_se: ").append(se ? "True" : "False").append('\n');
        b.append(in).append("se_ratio: ").append(Numbers.decimal(se ? p.seRatio() : 0.25)).append('\n');
        b.append(in).append("bn_epsilon: 0.00001\n");
        b.append(in).append("bn_momentum: ").append(Numbers.decimal(BN_MOMENTUM)).append('\n');
        return b.toString();
    }

    /** Reads a VISSL config's RegNet trunk (see {@link #read(LocatedNode, String, String)}). */
    public static NetworkSpec read(String file, String text, String defaultName) {
        return read(LocatedDocument.yaml(file, text).root(), text, defaultName);
    }

    /**
     * Reads {@code config.MODEL.TRUNK} (NAME regnet; REGNET, or TRUNK_PARAMS.REGNET as older VISSL configs have it)
     * with ClassyVision's defaults; {@code REGNET.name} (e.g. regnet_y_400mf) names a preset. Every REGNET key is
     * read: values seer4j does not build (another stem, block or activation) are refused at their line. Other
     * sections (DATA, OPTIMIZER, MODEL.HEAD, ...) are not read. The name comes from a {@code # seer4j:} comment, else
     * {@code defaultName}; the head has 1000 classes (ImageNet), VISSL's trunk having none.
     */
    static NetworkSpec read(LocatedNode root, String text, String defaultName) {
        String name = text.lines().filter(l -> l.startsWith(NAME_COMMENT)).findFirst()
                .map(l -> l.substring(NAME_COMMENT.length()).trim()).orElse(defaultName);
        LocatedNode trunk = root.field("config").field("MODEL").field("TRUNK");
        LocatedNode nameNode = trunk.field("NAME");
        if (!"regnet".equals(nameNode.asText()) && !"regnet_fsdp".equals(nameNode.asText())) {
            throw nameNode.error("seer4j reads RegNet trunks (NAME: regnet), got '" + nameNode.asText() + "'");
        }
        LocatedNode r;
        if (trunk.has("REGNET")) {
            r = trunk.field("REGNET");
        } else if (trunk.has("TRUNK_PARAMS")) {
            r = trunk.field("TRUNK_PARAMS").field("REGNET");
        } else {
            r = trunk.field("REGNET");
        }
        if (r.has("name")) {
            r.onlyFields("name");
            LocatedNode preset = r.field("name");
            NetworkSpec named = preset.build(() -> RegNet.named(preset.asText()));
            return text.lines().anyMatch(l -> l.startsWith(NAME_COMMENT)) ? named.withName(name) : named;
        }
        r.onlyFields("depth", "w_0", "w_a", "w_m", "group_width", "bottleneck_multiplier", "stem_type", "stem_width",
                "block_type", "activation", "use_se", "se_ratio", "bn_epsilon", "bn_momentum");
        expectText(r, "stem_type", STEM_TYPE, "seer4j builds the " + STEM_TYPE + " stem only");
        expectText(r, "block_type", BLOCK_TYPE, "seer4j builds " + BLOCK_TYPE + " blocks only");
        expectText(r, "activation", "relu", "seer4j builds ReLU networks only");
        expectNumber(r, "bn_epsilon", BN_EPSILON, "seer4j's batch norm uses eps 1e-5");
        expectNumber(r, "bn_momentum", BN_MOMENTUM, "seer4j's batch norm uses momentum 0.1");
        boolean se = r.optional("use_se").map(LocatedNode::asBoolean).orElse(true);
        double seRatio = se ? r.optional("se_ratio").map(LocatedNode::asDouble).orElse(0.25) : 0.0;
        if (!se) {
            r.optional("se_ratio").ifPresent(LocatedNode::asDouble);
        }
        LocatedNode stemAt = r.optional("stem_width").orElse(r);
        StemSpec stem = stemAt.build(() -> new StemSpec(3, r.optional("stem_width").map(LocatedNode::asInt).orElse(32)));
        RegNetParams p = r.build(() -> new RegNetParams(r.field("depth").asInt(), r.field("w_0").asInt(),
                r.field("w_a").asDouble(), r.field("w_m").asDouble(), r.field("group_width").asInt(),
                r.optional("bottleneck_multiplier").map(LocatedNode::asDouble).orElse(1.0), seRatio, Rounding.PYCLS));
        return r.build(() -> new NetworkSpec(name, stem, p.stages(), new HeadSpec(1000), p));
    }

    private static void expectText(LocatedNode r, String key, String value, String why) {
        r.optional(key).ifPresent(n -> {
            if (!value.equalsIgnoreCase(n.asText())) {
                throw n.error(why + ", got '" + n.asText() + "'; set " + value + " or remove the key");
            }
        });
    }

    private static void expectNumber(LocatedNode r, String key, double value, String why) {
        r.optional(key).ifPresent(n -> {
            if (n.asDouble() != value) {
                throw n.error(why + ", got " + n.asDouble() + "; set " + Numbers.decimal(value) + " or remove the"
                        + " key");
            }
        });
    }
}
