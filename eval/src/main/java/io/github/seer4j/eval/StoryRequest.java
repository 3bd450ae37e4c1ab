package io.github.seer4j.eval;

import io.github.seer4j.data.LabeledImages;

import io.github.seer4j.designspace.NetworkSpec;
import java.nio.file.Path;

/**
 * One story to run: a trunk spec (no head, one input channel), labelled train and test images, where they came
 * from, the budget, the fixed settings, and the output folder.
 */
public record StoryRequest(NetworkSpec spec, LabeledImages train, LabeledImages test, String dataName,
                           String dataSource, StoryBudget budget, StorySettings settings, Path out) {

    public StoryRequest {
        if (spec.head().present()) {
            throw new IllegalArgumentException("the story needs a trunk spec without a head; use spec.withoutHead()");
        }
        if (spec.stem().inChannels() != 1) {
            throw new IllegalArgumentException("the story's images are gray: the spec must take 1 input channel, not "
                    + spec.stem().inChannels());
        }
        for (int[] labels : new int[][] {train.labels(), test.labels()}) {
            for (int y : labels) {
                if (y < 0 || y >= settings.classes()) {
                    throw new IllegalArgumentException("label " + y + " is outside [0, " + (settings.classes() - 1)
                            + "]");
                }
            }
        }
    }
}
