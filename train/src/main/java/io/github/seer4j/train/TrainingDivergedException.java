package io.github.seer4j.train;

/** Training produced NaN or infinite values; the message names the likely causes and the last good checkpoint. */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
