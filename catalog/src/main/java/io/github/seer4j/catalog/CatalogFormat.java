package io.github.seer4j.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The export formats, with their command-line names and file extensions. */
public enum CatalogFormat {
    JSON("json", ".json"),
    YAML_PYCLS("yaml-pycls", ".yaml"),
    TORCHVISION("torchvision", ".py"),
    VISSL("vissl", ".yaml"),
    MARKDOWN("markdown", ".md");

    private final String cliName;
    private final String extension;

    CatalogFormat(String cliName, String extension) {
        this.cliName = cliName;
        this.extension = extension;
    }

    public String cliName() {
        return cliName;
    }

    public String extension() {
        return extension;
    }

    /** Parses a command-line name such as "yaml-pycls", with an error listing the valid names. */
    public static CatalogFormat parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (CatalogFormat f : values()) {
            if (f.cliName.equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "'; use one of "
                + Arrays.stream(values()).map(CatalogFormat::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
