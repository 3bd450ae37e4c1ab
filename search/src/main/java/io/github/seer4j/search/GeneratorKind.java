package io.github.seer4j.search;

import java.util.Locale;

/** Arbiter candidate generators a search can use. */
public enum GeneratorKind {
    /** Arbiter's RandomSearchGenerator, seeded: the same seed gives the same candidates. */
    RANDOM,
    /** Arbiter's GridSearchCandidateGenerator in sequential order (deterministic; the seed is not used). */
    GRID;

    public static GeneratorKind parse(String text) {
        for (GeneratorKind k : values()) {
            if (k.name().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown generator '" + text + "'; use random or grid");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
