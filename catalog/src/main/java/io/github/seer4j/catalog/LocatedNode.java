package io.github.seer4j.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.seer4j.designspace.InvalidDesignException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** One value of a {@link LocatedDocument} with its dotted path; typed accessors fail with file, line and field. */
record LocatedNode(LocatedDocument doc, String path, JsonNode node) {

    CatalogFileException error(String problem) {
        return new CatalogFileException(doc.file(), doc.lineOf(path), path, problem);
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    LocatedNode field(String name) {
        return optional(name).orElseThrow(() -> new CatalogFileException(doc.file(), doc.lineOf(path), child(name),
                "missing (required" + (path.isEmpty() ? "" : " in " + path) + ")"));
    }

    Optional<LocatedNode> optional(String name) {
        if (!node.isObject()) {
            throw error("expected a mapping of fields, got " + describe());
        }
        JsonNode n = node.get(name);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(new LocatedNode(doc, child(name), n));
    }

    boolean has(String name) {
        return node.isObject() && node.has(name) && !node.get(name).isNull();
    }

    /** Rejects fields other than {@code allowed}, so that typos do not pass silently. */
    LocatedNode onlyFields(String... allowed) {
        if (!node.isObject()) {
            throw error("expected a mapping of fields, got " + describe());
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!List.of(allowed).contains(n)) {
                throw new CatalogFileException(doc.file(), doc.lineOf(child(n)), child(n),
                        "unknown field; expected one of " + String.join(", ", allowed));
            }
        }
        return this;
    }

    int asInt() {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        throw error("expected a whole number, got " + describe());
    }

    long asLong() {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        throw error("expected a whole number, got " + describe());
    }

    double asDouble() {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        throw error("expected a number, got " + describe());
    }

    boolean asBoolean() {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw error("expected true or false, got " + describe());
    }

    String asText() {
        if (node.isTextual()) {
            return node.textValue();
        }
        throw error("expected a string, got " + describe());
    }

    List<LocatedNode> elements() {
        if (!node.isArray()) {
            throw error("expected a list, got " + describe());
        }
        List<LocatedNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new LocatedNode(doc, path + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    List<Integer> intList() {
        return elements().stream().map(LocatedNode::asInt).toList();
    }

    List<Double> doubleList() {
        return elements().stream().map(LocatedNode::asDouble).toList();
    }

    /**
     * Runs a constructor of a designspace value, re-raising its validation error at the line of the field the
     * message starts with ("groupWidth 7 does not divide ..." points at this node's {@code groupWidth}), or at this
     * node's line.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidDesignException e) {
            String msg = e.getMessage();
            if (node.isObject()) {
                Iterator<String> names = node.fieldNames();
                while (names.hasNext()) {
                    String n = names.next();
                    String plain = n.replace("_", "");
                    if (msg.regionMatches(true, 0, plain + " ", 0, plain.length() + 1)) {
                        throw new LocatedNode(doc, child(n), node.get(n)).error(msg);
                    }
                }
            }
            throw error(msg);
        }
    }

    private String describe() {
        if (node.isTextual()) {
            return "'" + node.textValue() + "'";
        }
        if (node.isContainerNode()) {
            return node.isArray() ? "a list" : "a mapping";
        }
        return node.toString();
    }
}
