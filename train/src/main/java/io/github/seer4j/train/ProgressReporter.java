package io.github.seer4j.train;

import io.github.seer4j.train.SupervisedTraining;

import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr (rate, ETA, loss, learning rate) for long training runs; nothing on stdout. */
public final class ProgressReporter {
    private ProgressReporter() {}

    /**
     * A bar of {@code total} steps drawn by {@code consumer} every 500 ms; the engine's natives are loaded before the
     * bar's thread opens JLine's terminal library ({@link io.github.seer4j.blocks.Kernels#load}).
     */
    static ProgressBar bar(String task, long total, me.tongfei.progressbar.ProgressBarConsumer consumer) {
        io.github.seer4j.blocks.Kernels.load();
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(consumer).setUpdateIntervalMillis(500).build();
    }

    /** A consumer of training steps that draws one bar, closed when the last step arrives. */
    public static Consumer<SupervisedTraining.Step> steps(String task) {
        ProgressBar[] bar = {null};
        return s -> {
            if (bar[0] == null) {
                bar[0] = bar(task, s.totalSteps(),
                        new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err));
            }
            bar[0].stepTo(s.step());
            bar[0].setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.3f lr %.4f %.0f img/s", s.loss(),
                    s.lr(), s.imagesPerSecond()));
            if (s.step() >= s.totalSteps()) {
                bar[0].close();
            }
        };
    }
}
