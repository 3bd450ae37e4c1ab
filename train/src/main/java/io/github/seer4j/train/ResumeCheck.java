package io.github.seer4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the configuration recorded in a checkpoint with the one a resumed run asks for, before anything is built or
 * restored: a different model, head, prototype count, crops, batch or optimizer would otherwise restore tensors of
 * the wrong shape into native memory (a JVM crash) or silently continue a different experiment.
 */
public final class ResumeCheck {

    private ResumeCheck() {}

    /**
     * Checks {@code runFolder}'s checkpoint (read without creating a tensor) against {@code current}: the check a
     * command makes before building the network.
     */
    public static void verify(Path runFolder, Map<String, String> current) throws java.io.IOException {
        Path ckpt = runFolder.resolve(RunFolder.CHECKPOINT_FILE);
        if (!java.nio.file.Files.exists(ckpt)) {
            throw new IllegalArgumentException("--resume: no checkpoint at " + ckpt + "; run without --resume to start"
                    + (java.nio.file.Files.exists(runFolder.resolve(RunFolder.METRICS_FILE))
                    ? " (with --force: the run there stopped before its first checkpoint)" : ""));
        }
        verify(ckpt, CheckpointFile.readHeader(ckpt), current);
    }

    /**
     * Throws an {@link IllegalArgumentException} naming every setting that differs (e.g. "--resume: the checkpoint
     * runs/a/checkpoint.bin was written with model RegNetY-100MF, this run asks for RegNetY-50MF; ...").
     */
    public static void verify(Path checkpoint, CheckpointFile.Header recorded, Map<String, String> current) {
        if (recorded.config().isEmpty()) {
            if (recorded.seed() != Long.parseLong(current.get("--seed"))) {
                throw new IllegalArgumentException("--resume: the checkpoint " + checkpoint + " was written with --seed "
                        + recorded.seed() + ", this run asks for " + current.get("--seed")
                        + "; resume with the same seed or start a new --out");
            }
            return; // written before configurations were recorded: only the seed is known
        }
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : current.entrySet()) {
            String key = e.getKey();
            String was = recorded.config().get(key);
            if (key.equals(RunConfig.SPEC)) {
                if (!Objects.equals(was, e.getValue())
                        && Objects.equals(recorded.config().get("model"), current.get("model"))) {
                    diffs.add("model " + current.get("model") + " with a different spec (widths, depths or groups)");
                }
                continue;
            }
            if (!Objects.equals(was, e.getValue())) {
                diffs.add(key + " " + (was == null ? "(not recorded)" : was) + ", this run asks for " + e.getValue());
            }
        }
        if (!diffs.isEmpty()) {
            throw new IllegalArgumentException("--resume: the checkpoint " + checkpoint + " was written with "
                    + String.join("; with ", diffs) + ". Resume with the same settings (only "
                    + String.join(", ", RunConfig.CHANGEABLE.stream().sorted().toList())
                    + " may change) or start a new --out");
        }
    }
}
