package io.github.seer4j.train;

import io.github.seer4j.train.SupervisedTraining;

import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr (rate, ETA, loss, learning rate) for long training runs; nothing on stdout. */
public final class ProgressReporter {
    private ProgressReporter() {}

    /** A consumer of training steps that draws one bar, closed when the last step arrives. */
    public static Consumer<SupervisedTraining.Step> steps(String task) {
        ProgressBar[] bar = {null};
        return s -> {
            if (bar[0] == null) {
                bar[0] = new ProgressBarBuilder().setTaskName(task).setInitialMax(s.totalSteps())
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
                        .setUpdateIntervalMillis(500).build();
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
