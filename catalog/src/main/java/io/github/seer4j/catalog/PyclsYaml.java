package io.github.seer4j.catalog;

import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.HeadSpec;
import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import io.github.seer4j.designspace.StageSpec;
import io.github.seer4j.designspace.StemSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * pycls model configs (yacs YAML). A spec whose stages are exactly what pycls's RegNet generator makes from its
 * generator numbers is written as {@code MODEL.TYPE: regnet}; any other spec (AnyNet, or a generator with torchvision
 * rounding whose stages differ under pycls rounding) as {@code MODEL.TYPE: anynet} with explicit per-stage lists, so
 * that pycls builds the same network. The name travels in a leading {@code # seer4j: NAME} comment.
 */
public final class PyclsYaml {
    static final String NAME_COMMENT = "# seer4j: ";
    private static final String STEM_TYPE = "simple_stem_in";
    private static final String BLOCK_TYPE = "res_bottleneck_block";

    private PyclsYaml() {}

    /** The pycls config of {@code spec}, with its complexity at {@code resolution} as a comment. */
    public static String write(NetworkSpec spec, int resolution) {
        if (spec.stem().inChannels() != 3) {
            throw new InvalidDesignException("pycls configs have no input-channel setting (its stem reads 3 channels),"
                    + " but " + spec.name() + " has " + spec.stem().inChannels() + "; export json instead");
        }
        double se = spec.stages().get(0).seRatio();
        if (spec.stages().stream().anyMatch(s -> s.seRatio() != se)) {
            throw new InvalidDesignException("pycls uses one SE ratio for all stages, but " + spec.name()
                    + " mixes them; export json instead");
        }
        Complexity c = spec.complexity(resolution);
        StringBuilder b = new StringBuilder();
        b.append(NAME_COMMENT).append(spec.name()).append('\n');
        b.append(String.format(Locale.ROOT, "# complexity at %d px: flops %d, params %d, acts %d%n", resolution,
                c.flops(), c.params(), c.acts()).replace(System.lineSeparator(), "\n"));
        Optional<RegNetParams> regnet = spec.regNetParams().filter(p -> pyclsStages(p).equals(spec.stages()));
        b.append("MODEL:\n");
        b.append("  TYPE: ").append(regnet.isPresent() ? "regnet" : "anynet").append('\n');
        b.append("  NUM_CLASSES: ").append(spec.head().numClasses()).append('\n');
        if (regnet.isPresent()) {
            RegNetParams p = regnet.get();
            b.append("REGNET:\n");
            line(b, "STEM_TYPE", STEM_TYPE);
            line(b, "STEM_W", spec.stem().width());
            line(b, "BLOCK_TYPE", BLOCK_TYPE);
            line(b, "STRIDE", 2);
            line(b, "DEPTH", p.depth());
            line(b, "W0", p.w0());
            line(b, "WA", Numbers.decimal(p.wa()));
            line(b, "WM", Numbers.decimal(p.wm()));
            line(b, "GROUP_W", p.groupWidth());
            line(b, "BOT_MUL", Numbers.decimal(p.bottleneck()));
        } else {
            if (spec.regNetParams().isPresent()) {
                RegNetParams g = spec.regNetParams().get();
                b.append("# generator (d=").append(g.depth()).append(", w0=").append(g.w0()).append(", wa=")
                        .append(Numbers.decimal(g.wa())).append(", wm=").append(Numbers.decimal(g.wm()))
                        .append(", g=").append(g.groupWidth()).append(") with ")
                        .append(g.rounding().name().toLowerCase(Locale.ROOT))
                        .append(" rounding: pycls would round to other widths, so the stages are listed\n");
            }
            b.append("ANYNET:\n");
            line(b, "STEM_TYPE", STEM_TYPE);
            line(b, "STEM_W", spec.stem().width());
            line(b, "BLOCK_TYPE", BLOCK_TYPE);
            line(b, "DEPTHS", Numbers.ints(spec.depths()));
            line(b, "WIDTHS", Numbers.ints(spec.widths()));
            line(b, "STRIDES", Numbers.ints(spec.strides()));
            line(b, "BOT_MULS", Numbers.decimals(spec.stages().stream().map(StageSpec::bottleneck).toList()));
            line(b, "GROUP_WS", Numbers.ints(spec.groupWidths()));
        }
        line(b, "SE_ON", se > 0);
        if (se > 0) {
            line(b, "SE_R", Numbers.decimal(se));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, Object value) {
        b.append("  ").append(key).append(": ").append(value).append('\n');
    }

    private static List<StageSpec> pyclsStages(RegNetParams p) {
        return p.rounding() == Rounding.PYCLS ? p.stages() : p.withRounding(Rounding.PYCLS).stages();
    }

    /**
     * Reads a pycls config: {@code MODEL.TYPE} regnet or anynet, {@code MODEL.NUM_CLASSES} required; pycls's own
     * defaults apply to STEM_W (32), STRIDE (2), BOT_MUL (1.0), SE_ON (false) and SE_R (0.25). Every MODEL, REGNET
     * and ANYNET key is read: a key seer4j does not implement is refused (at its line) unless its value is the one
     * seer4j builds ({@code ACTIVATION_FUN: relu}, {@code LOSS_FUN: cross_entropy}, ...). Sections about training
     * (OPTIM, TRAIN, TEST, BN, ...) are not read. {@code defaultName} names the spec when the file has no
     * {@code # seer4j:} comment.
     */
    public static NetworkSpec read(String file, String text, String defaultName) {
        return read(LocatedDocument.yaml(file, text).root(), text, defaultName);
    }

    static NetworkSpec read(LocatedNode root, String text, String defaultName) {
        String name = text.startsWith(NAME_COMMENT) ? text.lines().findFirst().orElseThrow()
                .substring(NAME_COMMENT.length()).trim() : defaultName;
        LocatedNode model = root.field("MODEL");
        model.onlyFields("TYPE", "NUM_CLASSES", "DEPTH", "LOSS_FUN", "ACTIVATION_FUN", "ACTIVATION_INPLACE",
                "SCALING_TYPE", "SCALING_FACTOR");
        LocatedNode typeNode = model.field("TYPE");
        String type = typeNode.asText().toLowerCase(Locale.ROOT);
        model.optional("ACTIVATION_FUN").ifPresent(a -> {
            if (!"relu".equalsIgnoreCase(a.asText())) {
                throw a.error("seer4j builds ReLU networks only, got '" + a.asText() + "'; set relu or remove the"
                        + " key");
            }
        });
        model.optional("LOSS_FUN").ifPresent(a -> {
            if (!"cross_entropy".equals(a.asText())) {
                throw a.error("seer4j trains with cross_entropy only, got '" + a.asText() + "'; set cross_entropy"
                        + " or remove the key");
            }
        });
        model.optional("ACTIVATION_INPLACE").ifPresent(LocatedNode::asBoolean); // how, not what: any value
        model.optional("SCALING_TYPE").ifPresent(a -> {
            if (!a.asText().isEmpty()) {
                throw a.error("seer4j does not implement pycls's model scaling, got '" + a.asText()
                        + "'; scale the model first (pycls's scaler) and give its numbers, or remove the key");
            }
        });
        model.optional("SCALING_FACTOR").ifPresent(a -> {
            if (a.asDouble() != 1.0) {
                throw a.error("seer4j does not implement pycls's model scaling, got " + a.asDouble()
                        + "; set 1.0 or remove the key");
            }
        });
        model.optional("DEPTH").ifPresent(a -> {
            if (a.asInt() != 0) {
                throw a.error("is the depth of pycls's ResNets and has no effect on a " + type + ", got "
                        + a.asInt() + "; remove the key (the depth is REGNET.DEPTH or ANYNET.DEPTHS)");
            }
        });
        LocatedNode classesNode = model.field("NUM_CLASSES");
        HeadSpec head = classesNode.build(() -> new HeadSpec(classesNode.asInt()));
        return switch (type) {
            case "regnet" -> readRegNet(root.field("REGNET"), name, head);
            case "anynet" -> readAnyNet(root.field("ANYNET"), name, head);
            default -> throw typeNode.error("seer4j reads MODEL.TYPE regnet or anynet, got '" + type + "'");
        };
    }

    private static NetworkSpec readRegNet(LocatedNode r, String name, HeadSpec head) {
        r.onlyFields("STEM_TYPE", "STEM_W", "BLOCK_TYPE", "STRIDE", "DEPTH", "W0", "WA", "WM", "GROUP_W", "BOT_MUL",
                "SE_ON", "SE_R", "HEAD_W");
        checkCommon(r);
        optionalInt(r, "STRIDE", 2, 2, "seer4j's RegNet generator uses stride 2 in every stage");
        double se = seRatio(r);
        StemSpec stem = stem(r);
        RegNetParams p = r.build(() -> new RegNetParams(r.field("DEPTH").asInt(), r.field("W0").asInt(),
                r.field("WA").asDouble(), r.field("WM").asDouble(), r.field("GROUP_W").asInt(),
                r.optional("BOT_MUL").map(LocatedNode::asDouble).orElse(1.0), se, Rounding.PYCLS));
        return r.build(() -> new NetworkSpec(name, stem, p.stages(), head, p));
    }

    private static NetworkSpec readAnyNet(LocatedNode a, String name, HeadSpec head) {
        a.onlyFields("STEM_TYPE", "STEM_W", "BLOCK_TYPE", "DEPTHS", "WIDTHS", "STRIDES", "BOT_MULS", "GROUP_WS",
                "SE_ON", "SE_R", "HEAD_W");
        checkCommon(a);
        double se = seRatio(a);
        List<Integer> depths = a.field("DEPTHS").intList();
        int n = depths.size();
        List<Integer> widths = sized(a, "WIDTHS", n).intList();
        List<Integer> strides = sized(a, "STRIDES", n).intList();
        List<Double> bots = sized(a, "BOT_MULS", n).doubleList();
        List<Integer> groups = sized(a, "GROUP_WS", n).intList();
        if (n == 0) {
            throw a.field("DEPTHS").error("a network needs at least one stage, got 0");
        }
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            try {
                stages.add(new StageSpec(widths.get(k), depths.get(k), strides.get(k), groups.get(k), bots.get(k), se));
            } catch (InvalidDesignException e) {
                throw a.field("GROUP_WS").elements().get(i).error("stage " + (k + 1) + " (entry " + k
                        + " of DEPTHS, WIDTHS, STRIDES, BOT_MULS, GROUP_WS): " + e.getMessage());
            }
        }
        StemSpec stem = stem(a);
        return a.build(() -> new NetworkSpec(name, stem, stages, head, null));
    }

    private static LocatedNode sized(LocatedNode parent, String field, int n) {
        LocatedNode list = parent.field(field);
        if (list.elements().size() != n) {
            throw list.error("has " + list.elements().size() + " entries but DEPTHS has " + n
                    + "; give one value per stage");
        }
        return list;
    }

    private static void checkCommon(LocatedNode s) {
        s.optional("STEM_TYPE").ifPresent(t -> {
            if (!STEM_TYPE.equals(t.asText())) {
                throw t.error("seer4j builds the " + STEM_TYPE + " stem only, got '" + t.asText() + "'");
            }
        });
        s.optional("BLOCK_TYPE").ifPresent(t -> {
            if (!BLOCK_TYPE.equals(t.asText())) {
                throw t.error("seer4j builds " + BLOCK_TYPE + " blocks only, got '" + t.asText() + "'");
            }
        });
        optionalInt(s, "HEAD_W", 0, 0, "seer4j's head is pool + linear (HEAD_W 0)");
    }

    private static void optionalInt(LocatedNode s, String field, int min, int max, String why) {
        s.optional(field).ifPresent(n -> {
            int v = n.asInt();
            if (v < min || v > max) {
                throw n.error(why + ", got " + v);
            }
        });
    }

    private static StemSpec stem(LocatedNode s) {
        LocatedNode at = s.optional("STEM_W").orElse(s);
        return at.build(() -> new StemSpec(3, s.optional("STEM_W").map(LocatedNode::asInt).orElse(32)));
    }

    private static double seRatio(LocatedNode s) {
        boolean on = s.optional("SE_ON").map(LocatedNode::asBoolean).orElse(false);
        if (!on) {
            return 0.0;
        }
        return s.optional("SE_R").map(LocatedNode::asDouble).orElse(0.25);
    }
}
