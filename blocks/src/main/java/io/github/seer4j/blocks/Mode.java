package io.github.seer4j.blocks;

/** Whether a forward pass trains (batch-norm uses and updates batch statistics) or infers (running statistics). */
public enum Mode {
    TRAINING, INFERENCE;

    public boolean training() {
        return this == TRAINING;
    }
}
