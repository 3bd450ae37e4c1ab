package io.github.seer4j.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** A JSON or YAML document parsed into a tree that remembers the line of every field, for precise error messages. */
final class LocatedDocument {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private final String file;
    private final Map<String, Integer> lines = new HashMap<>();
    private final JsonNode root;

    private LocatedDocument(String file, String text, boolean yaml) {
        this.file = file;
        try (JsonParser p = (yaml ? YAML : JSON).createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new CatalogFileException(file, 1, "", "the file is empty");
            }
            root = read(p, "");
            if (p.nextToken() != null) {
                throw new CatalogFileException(file, p.currentTokenLocation().getLineNr(), "",
                        "unexpected content after the end of the document; one spec (or one JSON array) per file");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new CatalogFileException(file, line, "", "malformed " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new CatalogFileException(file, 1, "", "cannot read: " + e.getMessage());
        }
    }

    static LocatedDocument json(String file, String text) {
        return new LocatedDocument(file, text, false);
    }

    static LocatedDocument yaml(String file, String text) {
        return new LocatedDocument(file, text, true);
    }

    LocatedNode root() {
        return new LocatedNode(this, "", root);
    }

    String file() {
        return file;
    }

    /** Line of {@code path}, or of its closest recorded ancestor. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return 1;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    private JsonNode read(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    int line = p.currentTokenLocation().getLineNr();
                    if (o.has(name)) {
                        throw new CatalogFileException(file, line, child, "appears twice; keep one");
                    }
                    lines.put(child, line);
                    p.nextToken();
                    o.set(name, read(p, child));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = path + "[" + i++ + "]";
                    lines.put(child, p.currentTokenLocation().getLineNr());
                    a.add(read(p, child));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new CatalogFileException(file, p.currentTokenLocation().getLineNr(), path,
                    "unexpected " + t);
        }
    }
}
