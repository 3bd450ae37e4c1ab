package search;

/** Raised when a score function needs a component this build does not have yet (a training engine). */
public class ScoreUnavailableException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    public ScoreUnavailableException(String message) {
        super(message);
    }
}
