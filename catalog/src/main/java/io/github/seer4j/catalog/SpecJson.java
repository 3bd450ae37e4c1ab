package io.github.seer4j.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.HeadSpec;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import io.github.seer4j.designspace.StageSpec;
import io.github.seer4j.designspace.StemSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The canonical JSON form of a {@link NetworkSpec}: name, stem, every stage (with its derived inner width, groups
 * and first-block SE width), head, the generator numbers when present, and the complexity at a resolution. Derived
 * values are checked on import; the stages are authoritative.
 */
public final class SpecJson {
    /** Value of the {@code format} field; a reader refuses other values. */
    public static final String FORMAT = "seer4j-spec/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

    private SpecJson() {}

    /** The spec as a JSON tree, complexity counted at {@code resolution}. */
    public static ObjectNode tree(NetworkSpec spec, int resolution) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("format", FORMAT);
        o.put("name", spec.name());
        ObjectNode stem = o.putObject("stem");
        stem.put("inChannels", spec.stem().inChannels());
        stem.put("width", spec.stem().width());
        ArrayNode stages = o.putArray("stages");
        List<Integer> seWidths = spec.seWidths();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec s = spec.stages().get(i);
            ObjectNode n = stages.addObject();
            n.put("width", s.width());
            n.put("depth", s.depth());
            n.put("stride", s.stride());
            n.put("groupWidth", s.groupWidth());
            n.put("bottleneck", s.bottleneck());
            n.put("seRatio", s.seRatio());
            n.put("bottleneckWidth", s.bottleneckWidth());
            n.put("groups", s.groups());
            n.put("seWidth", seWidths.get(i));
        }
        o.putObject("head").put("classes", spec.head().numClasses());
        spec.regNetParams().ifPresent(p -> {
            ObjectNode g = o.putObject("generator");
            g.put("depth", p.depth());
            g.put("w0", p.w0());
            g.put("wa", p.wa());
            g.put("wm", p.wm());
            g.put("groupWidth", p.groupWidth());
            g.put("bottleneck", p.bottleneck());
            g.put("seRatio", p.seRatio());
            g.put("rounding", p.rounding().name().toLowerCase(Locale.ROOT));
        });
        Complexity c = spec.complexity(resolution);
        ObjectNode cx = o.putObject("complexity");
        cx.put("resolution", resolution);
        cx.put("flops", c.flops());
        cx.put("params", c.params());
        cx.put("acts", c.acts());
        return o;
    }

    /** Pretty-printed canonical JSON of one spec, ending with a newline. */
    public static String write(NetworkSpec spec, int resolution) {
        return print(tree(spec, resolution));
    }

    /**
     * As {@link #write(NetworkSpec, int)}, with {@code complexity.builtParams}: the parameter count of the network
     * as built (informational; a reader accepts it and does not check it).
     */
    public static String write(NetworkSpec spec, int resolution, long builtParams) {
        ObjectNode o = tree(spec, resolution);
        ((ObjectNode) o.get("complexity")).put("builtParams", builtParams);
        return print(o);
    }

    /** Pretty-printed JSON array of specs, ending with a newline. */
    public static String writeAll(List<NetworkSpec> specs, int resolution) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        specs.forEach(s -> a.add(tree(s, resolution)));
        return print(a);
    }

    static String print(JsonNode node) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the specs in {@code text}: one spec (a JSON object with {@code "format": "seer4j-spec/1"}), a JSON array
     * of specs, or an object that holds them under {@code "spec"} (one) or {@code "specs"} (a list), as other tools'
     * reports do; such a wrapper's other fields are not read. This is what describe, fit, sample, search and
     * catalog export print.
     */
    public static List<NetworkSpec> readAll(String file, String text) {
        LocatedNode root = LocatedDocument.json(file, text).root();
        List<NetworkSpec> out = new ArrayList<>();
        collect(root, out, 0);
        if (out.isEmpty()) {
            throw root.error("the list holds no specs; a spec file holds one spec or a list of them");
        }
        return out;
    }

    private static void collect(LocatedNode n, List<NetworkSpec> out, int level) {
        if (n.node().isArray()) {
            if (level > 0) {
                throw n.error("expected a spec (an object with \"format\": \"" + FORMAT + "\"), got a list in a"
                        + " list; give one list of specs");
            }
            for (LocatedNode e : n.elements()) {
                collect(e, out, level + 1);
            }
        } else if (n.node().isObject() && !n.has("format") && (n.has("spec") || n.has("specs"))) {
            if (n.has("spec") && n.has("specs")) {
                throw n.field("specs").error("the object holds both spec and specs; keep one");
            }
            if (n.has("spec")) {
                out.add(read(n.field("spec")));
            } else {
                for (LocatedNode e : n.field("specs").elements()) {
                    out.add(read(e));
                }
            }
        } else if (n.node().isObject() && !n.has("format")) {
            throw n.error("not a seer4j spec: no \"format\": \"" + FORMAT + "\" field (nor a \"spec\" or"
                    + " \"specs\" field holding specs); export one with catalog export --format json");
        } else {
            out.add(read(n));
        }
    }

    /** Reads one spec from a JSON object node. */
    static NetworkSpec read(LocatedNode o) {
        o.onlyFields("format", "name", "stem", "stages", "head", "generator", "complexity");
        LocatedNode format = o.field("format");
        if (!FORMAT.equals(format.asText())) {
            throw format.error("expected '" + FORMAT + "', got '" + format.asText() + "'");
        }
        String name = o.field("name").asText();
        LocatedNode stemNode = o.field("stem").onlyFields("inChannels", "width");
        StemSpec stem = stemNode.build(() -> new StemSpec(stemNode.field("inChannels").asInt(),
                stemNode.field("width").asInt()));
        List<StageSpec> stages = new ArrayList<>();
        List<LocatedNode> stageNodes = o.field("stages").elements();
        if (stageNodes.isEmpty()) {
            throw o.field("stages").error("a network needs at least one stage, got 0");
        }
        for (LocatedNode s : stageNodes) {
            s.onlyFields("width", "depth", "stride", "groupWidth", "bottleneck", "seRatio", "bottleneckWidth",
                    "groups", "seWidth");
            StageSpec stage = s.build(() -> new StageSpec(s.field("width").asInt(), s.field("depth").asInt(),
                    s.field("stride").asInt(), s.field("groupWidth").asInt(), s.field("bottleneck").asDouble(),
                    s.field("seRatio").asDouble()));
            checkDerived(s, "bottleneckWidth", stage.bottleneckWidth());
            checkDerived(s, "groups", stage.groups());
            stages.add(stage);
        }
        LocatedNode headNode = o.field("head").onlyFields("classes");
        HeadSpec head = headNode.build(() -> new HeadSpec(headNode.field("classes").asInt()));
        RegNetParams generator = null;
        if (o.has("generator")) {
            LocatedNode g = o.field("generator").onlyFields("depth", "w0", "wa", "wm", "groupWidth", "bottleneck",
                    "seRatio", "rounding");
            LocatedNode rounding = g.field("rounding");
            generator = g.build(() -> new RegNetParams(g.field("depth").asInt(), g.field("w0").asInt(),
                    g.field("wa").asDouble(), g.field("wm").asDouble(), g.field("groupWidth").asInt(),
                    g.field("bottleneck").asDouble(), g.field("seRatio").asDouble(),
                    rounding.build(() -> Rounding.parse(rounding.asText()))));
            List<StageSpec> generated = generator.stages();
            if (!generated.equals(stages)) {
                throw g.error("the generator makes stages with widths " + widths(generated) + " and depths "
                        + depths(generated) + ", but the file lists widths " + widths(stages) + " and depths "
                        + depths(stages) + "; fix the stages or remove the generator");
            }
        }
        RegNetParams gen = generator;
        NetworkSpec spec = o.build(() -> new NetworkSpec(name, stem, stages, head, gen));
        List<Integer> se = spec.seWidths();
        for (int i = 0; i < stageNodes.size(); i++) {
            checkDerived(stageNodes.get(i), "seWidth", se.get(i));
        }
        if (o.has("complexity")) {
            LocatedNode c = o.field("complexity").onlyFields("resolution", "flops", "params", "acts", "builtParams");
            LocatedNode res = c.field("resolution");
            Complexity counted = res.build(() -> spec.complexity(res.asInt()));
            checkCount(c, "flops", counted.flops());
            checkCount(c, "params", counted.params());
            checkCount(c, "acts", counted.acts());
            c.optional("builtParams").ifPresent(LocatedNode::asLong);
        }
        return spec;
    }

    private static void checkCount(LocatedNode complexity, String field, long expected) {
        if (complexity.has(field) && complexity.field(field).asLong() != expected) {
            throw complexity.field(field).error("is counted from the spec and must be " + expected + " at this"
                    + " resolution, got " + complexity.field(field).asLong() + "; fix it or remove the complexity"
                    + " block");
        }
    }

    private static void checkDerived(LocatedNode stage, String field, int expected) {
        if (stage.has(field) && stage.field(field).asInt() != expected) {
            throw stage.field(field).error("is derived from the stage and must be " + expected + ", got "
                    + stage.field(field).asInt() + "; fix it or remove the field");
        }
    }

    private static List<Integer> widths(List<StageSpec> s) {
        return s.stream().map(StageSpec::width).toList();
    }

    private static List<Integer> depths(List<StageSpec> s) {
        return s.stream().map(StageSpec::depth).toList();
    }
}
