package io.github.seer4j.designspace;

/**
 * Raised for impossible design parameters or unsatisfiable constraints. The message names the parameter, the value
 * that was given and the valid range, so that it can be shown to a user as it is.
 */
public class InvalidDesignException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDesignException(String message) {
        super(message);
    }
}
