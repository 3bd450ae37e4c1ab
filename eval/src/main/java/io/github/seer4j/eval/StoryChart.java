package io.github.seer4j.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The story's grouped bar chart: x = label fraction, one bar series per method, y = top-1 (%). */
public final class StoryChart {
    private StoryChart() {}

    public static CategoryChart chart(StoryResult r) {
        System.setProperty("java.awt.headless", "true");
        CategoryChart c = new CategoryChartBuilder().width(1000).height(480)
                .title(String.format(java.util.Locale.ROOT, "%s: top-1 by label fraction (%s, %d SwAV iterations)",
                        r.data().name(), r.model().widths(), r.pretraining().iterations()))
                .xAxisTitle("labels used").yAxisTitle("top-1 (%)").build();
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        c.getStyler().setLabelsVisible(true);
        List<String> x = r.fractions().stream().map(StoryResult::percent).toList();
        for (StoryMethod method : r.methods()) {
            List<Double> y = new ArrayList<>();
            for (double f : r.fractions()) {
                y.add(r.row(method, f).map(row -> Math.round(row.accuracy() * 10000) / 100.0).orElse(0.0));
            }
            c.addSeries(method.label(), x, y).setFillColor(color(method));
        }
        return c;
    }

    /** Pretrained trunks in blues, random ones in oranges (darker = richer features), supervised in green. */
    static java.awt.Color color(StoryMethod method) {
        return new java.awt.Color(switch (method) {
            case PRETRAINED_LINEAR -> 0x9ECAE1;
            case PRETRAINED_ALL_STAGES -> 0x4292C6;
            case PRETRAINED_SPATIAL -> 0x08519C;
            case RANDOM_LINEAR -> 0xFDD0A2;
            case RANDOM_ALL_STAGES -> 0xFD8D3C;
            case RANDOM_SPATIAL -> 0xD94801;
            case SUPERVISED -> 0x2CA02C;
        });
    }

    public static byte[] png(StoryResult r) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart(r), BitmapEncoder.BitmapFormat.PNG);
    }
}
