package io.github.seer4j.blocks;

/**
 * A collective call that could not complete: a peer process died or stalled past the group's timeout, or the group
 * was closed. The message names the operation, this rank and the cause; every rank should stop (the run resumes from
 * its last checkpoint).
 */
public final class CollectiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }

    public CollectiveException(String message) {
        super(message);
    }
}
