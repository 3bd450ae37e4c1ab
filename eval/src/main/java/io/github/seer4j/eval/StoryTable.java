package io.github.seer4j.eval;

import java.util.List;
import java.util.Locale;

/** The story as markdown: a heading, the SwAV run in one line, and one table of methods x label fractions. */
public final class StoryTable {
    private StoryTable() {}

    public static String markdown(StoryResult r) {
        StringBuilder s = new StringBuilder();
        StoryResult.Model m = r.model();
        StoryResult.Data d = r.data();
        s.append(String.format(Locale.ROOT, "## SEER story: %s on %s%n%n", m.name(), d.name()));
        s.append(String.format(Locale.ROOT, "%s, widths %s, depths %s, %.2f MF at 28 px (%.1f MF at 224 px), %,d"
                        + " parameters; %,d train / %,d test images (%s).%n%n", m.name(), m.widths(), m.depths(),
                m.flopsAt28() / 1e6, m.flopsAt224() / 1e6, m.params(), d.trainImages(), d.testImages(), d.source()));
        StoryResult.Pretraining p = r.pretraining();
        s.append(String.format(Locale.ROOT, "SwAV pretraining without labels: %d iterations of %d images in %.0f s,"
                        + " loss %.3f -> %.3f (ln K = %.3f%s), %.1f%% of the %d prototypes used.%n%n", p.iterations(),
                p.batchSize(), p.seconds(), p.firstLoss(), p.lastLoss(), p.lnK(),
                p.collapsed() ? ", collapsed: last loss within 1% of ln K" : "", 100 * p.prototypesUsed(),
                p.prototypes()));
        List<Double> fractions = r.fractions();
        s.append("| method |");
        fractions.forEach(f -> s.append(' ').append(StoryResult.percent(f)).append(" labels |"));
        s.append("\n|---|");
        fractions.forEach(f -> s.append("---|"));
        s.append('\n');
        for (StoryMethod method : r.methods()) {
            s.append("| ").append(method.label()).append(" |");
            for (double f : fractions) {
                s.append(' ').append(r.row(method, f).map(StoryTable::cell).orElse("-")).append(" |");
            }
            s.append('\n');
        }
        StoryResult.Budget b = r.budget();
        s.append(String.format(Locale.ROOT, "%nTop-1 on all %,d test images; in brackets: labelled images, seconds"
                        + " (linear: the classifier; each trunk's features were extracted once: pretrained %s s,"
                        + " the random inits %s s), and for supervised the epochs (time-capped: shortened to fit its share of"
                        + " the budget). Spatial: every stage average-pooled to at most %dx%d cells, from images"
                        + " resampled to 9/7 of their size (FixRes). Budget %s min: pretraining %.0f s,"
                        + " supervised %.0f s, the rest %.0f s; the story took %.0f s.%n", d.testImages(),
                featureSeconds(r, StoryMethod.PRETRAINED_LINEAR), featureSeconds(r, StoryMethod.RANDOM_LINEAR),
                ProbeFeatures.SPATIAL_GRID, ProbeFeatures.SPATIAL_GRID, trim(b.minutes()), b.pretrainSeconds(), b.supervisedSeconds(), b.evaluationSeconds(),
                b.elapsedSeconds()));
        return s.toString();
    }

    static String cell(StoryResult.Row row) {
        String detail = row.method() == StoryMethod.SUPERVISED
                ? String.format(Locale.ROOT, ", %.2f epochs%s", row.epochs(), row.timeCapped() ? ", time-capped" : "")
                : "";
        return String.format(Locale.ROOT, "%.2f%% (%,d, %.1f s%s)", 100 * row.accuracy(), row.labelledImages(),
                row.seconds(), detail);
    }

    private static String featureSeconds(StoryResult r, StoryMethod method) {
        return r.results().stream().filter(x -> x.method() == method).findFirst()
                .map(x -> String.format(Locale.ROOT, "%.1f", x.featureSeconds())).orElse("-");
    }

    private static String trim(double minutes) {
        return java.math.BigDecimal.valueOf(minutes).stripTrailingZeros().toPlainString();
    }
}
