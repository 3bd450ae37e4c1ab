package io.github.seer4j.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;

/** An export that could not be written; nothing was left behind. The message names the path, the problem, the fix. */
public class CatalogWriteException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public CatalogWriteException(String message, IOException cause) {
        super(message, cause);
    }

    public CatalogWriteException(String message) {
        super(message, new IOException(message));
    }
}
