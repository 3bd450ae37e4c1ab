package io.github.seer4j.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code story.json}: the {@link StoryResult} as indented JSON, and back. */
public final class StoryJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS); // a loss may be NaN when nothing ran

    private StoryJson() {}

    public static String write(StoryResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the story as JSON: " + e.getMessage(), e);
        }
    }

    public static StoryResult read(String json) {
        try {
            return JSON.readValue(json, StoryResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a story.json: " + e.getOriginalMessage(), e);
        }
    }
}
