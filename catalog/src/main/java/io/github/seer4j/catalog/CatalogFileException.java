package io.github.seer4j.catalog;

/** A catalog file that cannot be read: the message names the file, the line and the field, then the problem. */
public class CatalogFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;

    public CatalogFileException(String file, int line, String field, String problem) {
        super(file + ":" + line + ": " + (field == null || field.isEmpty() ? "" : "field " + field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** A problem with the whole file (not UTF-8, missing, a folder): the message is "FILE: PROBLEM"; line 0. */
    public CatalogFileException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.line = 0;
        this.field = "";
    }

    public String file() {
        return file;
    }

    /** 1-based line number of the offending value (or of its parent when the field is missing); 0 for the whole file. */
    public int line() {
        return line;
    }

    /** Dotted path of the offending field, e.g. {@code stages[2].groupWidth} or {@code REGNET.WA}. */
    public String field() {
        return field;
    }
}
