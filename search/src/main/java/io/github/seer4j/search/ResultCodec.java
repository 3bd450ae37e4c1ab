package io.github.seer4j.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.seer4j.designspace.Complexity;
import io.github.seer4j.designspace.Constraints;
import java.util.ArrayList;
import java.util.List;

/** JSON for search files: one {@link CandidateResult} per line of results.jsonl, and search.json. */
final class ResultCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultCodec() {}

    static String line(CandidateResult r) {
        return node(r, o -> o.put("score", r.score())).toString();
    }

    /**
     * A candidate that could not be scored: its line has no {@code score} but an {@code error} (the score name and
     * seconds are those of the failed attempt); readers of results skip it and a resumed search does not retry it.
     */
    static String failedLine(CandidateResult r, String error) {
        return node(r, o -> o.put("error", error)).toString();
    }

    /** True for a line written by {@link #failedLine}. */
    static boolean isFailed(String file, int lineNo, String text) {
        try {
            return MAPPER.readTree(text).has("error");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": malformed JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The index of a line written by {@link #failedLine}. */
    static int failedIndex(String file, int lineNo, String text) {
        try {
            return new Fields(file, lineNo, MAPPER.readTree(text)).integer("index");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": malformed JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The fields of a result line, with {@code outcome} (score or error) after the score name. */
    private static ObjectNode node(CandidateResult r, java.util.function.Consumer<ObjectNode> outcome) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("index", r.index());
        o.put("draw", r.draw());
        o.put("space", r.space());
        o.put("name", r.name());
        o.put("repaired", r.repaired());
        o.put("scoreName", r.scoreName());
        outcome.accept(o);
        o.put("flops", r.complexity().flops());
        o.put("params", r.complexity().params());
        o.put("acts", r.complexity().acts());
        o.put("resolution", r.resolution());
        o.put("classes", r.classes());
        o.put("seconds", r.seconds());
        ObjectNode p = o.putObject("point");
        if (r.point() instanceof RegNetPoint g) {
            p.put("type", "regnet");
            p.put("depth", g.depth());
            p.put("w0", g.w0());
            p.put("wa", g.wa());
            p.put("wm", g.wm());
            p.put("groupWidth", g.groupWidth());
            p.put("bottleneck", g.bottleneck());
            p.put("seRatio", g.seRatio());
        } else if (r.point() instanceof AnyNetPoint a) {
            p.put("type", "anynet");
            a.depths().forEach(p.putArray("depths")::add);
            a.widths().forEach(p.putArray("widths")::add);
            a.bottlenecks().forEach(p.putArray("bottlenecks")::add);
            a.groupWidths().forEach(p.putArray("groupWidths")::add);
            p.put("seRatio", a.seRatio());
        }
        return o;
    }

    /** Parses one line; errors name the file, the line number and the field. */
    static CandidateResult parse(String file, int lineNo, String text) {
        JsonNode o;
        try {
            o = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": malformed JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        Fields f = new Fields(file, lineNo, o);
        JsonNode p = f.node("point");
        Fields pf = new Fields(file, lineNo, p, "point.");
        DesignPoint point = switch (pf.text("type")) {
            case "regnet" -> new RegNetPoint(pf.integer("depth"), pf.integer("w0"), pf.number("wa"), pf.number("wm"),
                    pf.integer("groupWidth"), pf.number("bottleneck"), pf.number("seRatio"));
            case "anynet" -> new AnyNetPoint(pf.ints("depths"), pf.ints("widths"), pf.numbers("bottlenecks"),
                    pf.ints("groupWidths"), pf.number("seRatio"));
            default -> throw pf.error("type", "expected regnet or anynet");
        };
        return new CandidateResult(f.integer("index"), f.integer("draw"), f.text("space"), f.text("name"), point,
                f.bool("repaired"), new Complexity(f.integer64("flops"), f.integer64("params"), f.integer64("acts")),
                f.integer("resolution"), f.integer("classes"), f.text("scoreName"), f.number("score"),
                f.number("seconds"));
    }

    static String config(SearchConfig c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("space", c.space());
        o.put("generator", c.generator().cliName());
        o.put("seed", c.seed());
        o.put("gridPoints", c.gridPoints());
        o.put("repair", c.repair());
        o.put("score", c.score());
        Constraints k = c.constraints();
        o.put("resolution", k.resolution());
        o.put("classes", k.classes());
        o.put("flopsMin", k.flopsMin());
        o.put("flopsMax", k.flopsMax());
        o.put("paramsMin", k.paramsMin());
        o.put("paramsMax", k.paramsMax());
        o.put("actsMin", k.actsMin());
        o.put("actsMax", k.actsMax());
        o.put("stagesMin", k.stagesMin());
        o.put("stagesMax", k.stagesMax());
        o.put("epochs", c.training().epochs());
        o.put("data", c.training().data());
        o.put("trainImages", c.training().trainImages());
        o.put("testImages", c.training().testImages());
        o.put("learningRate", c.training().learningRate());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SearchConfig parseConfig(String file, String text) {
        JsonNode o;
        try {
            o = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + line + ": malformed JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        Fields f = new Fields(file, 1, o);
        Constraints k = new Constraints(f.integer("resolution"), f.integer("classes"), f.number("flopsMin"),
                f.number("flopsMax"), f.number("paramsMin"), f.number("paramsMax"), f.number("actsMin"),
                f.number("actsMax"), f.integer("stagesMin"), f.integer("stagesMax"));
        return new SearchConfig(f.text("space"), GeneratorKind.parse(f.text("generator")), f.integer64("seed"),
                f.integer("gridPoints"), f.bool("repair"), f.text("score"), k, new TrainingOptions(f.integer("epochs"),
                f.text("data"), f.integer("trainImages"), f.integer("testImages"), f.number("learningRate")));
    }

    /** Typed field access with errors naming file, line and field. */
    private record Fields(String file, int line, JsonNode node, String prefix) {
        Fields(String file, int line, JsonNode node) {
            this(file, line, node, "");
        }

        IllegalArgumentException error(String field, String problem) {
            return new IllegalArgumentException(file + ":" + line + ": field " + prefix + field + ": " + problem);
        }

        JsonNode node(String field) {
            JsonNode n = node == null ? null : node.get(field);
            if (n == null || n.isNull()) {
                throw error(field, "missing");
            }
            return n;
        }

        String text(String field) {
            JsonNode n = node(field);
            if (!n.isTextual()) {
                throw error(field, "expected a string, got " + n);
            }
            return n.textValue();
        }

        boolean bool(String field) {
            JsonNode n = node(field);
            if (!n.isBoolean()) {
                throw error(field, "expected true or false, got " + n);
            }
            return n.booleanValue();
        }

        int integer(String field) {
            JsonNode n = node(field);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw error(field, "expected a whole number, got " + n);
            }
            return n.intValue();
        }

        long integer64(String field) {
            JsonNode n = node(field);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw error(field, "expected a whole number, got " + n);
            }
            return n.longValue();
        }

        double number(String field) {
            JsonNode n = node(field);
            if (!n.isNumber()) {
                throw error(field, "expected a number, got " + n);
            }
            return n.doubleValue();
        }

        List<Integer> ints(String field) {
            JsonNode n = node(field);
            if (!n.isArray()) {
                throw error(field, "expected a list, got " + n);
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : (ArrayNode) n) {
                if (!e.canConvertToInt() || !e.isIntegralNumber()) {
                    throw error(field, "expected whole numbers, got " + e);
                }
                out.add(e.intValue());
            }
            return out;
        }

        List<Double> numbers(String field) {
            JsonNode n = node(field);
            if (!n.isArray()) {
                throw error(field, "expected a list, got " + n);
            }
            List<Double> out = new ArrayList<>();
            for (JsonNode e : (ArrayNode) n) {
                if (!e.isNumber()) {
                    throw error(field, "expected numbers, got " + e);
                }
                out.add(e.doubleValue());
            }
            return out;
        }
    }
}
