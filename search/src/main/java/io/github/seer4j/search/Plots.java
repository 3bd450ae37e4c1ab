package io.github.seer4j.search;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of searches: EDFs of several design spaces on one chart, and score-vs-complexity scatter plots. */
public final class Plots {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Plots() {}

    /** A named list of values to plot as one EDF curve. */
    public record Series(String name, double[] values) {}

    /**
     * One chart with the EDF of each series; legend entries read "NAME (n=32, min=..., mean=...)". Values spanning
     * more than two decades are plotted on a log x axis.
     */
    public static void edf(List<Series> series, String xLabel, String title, Path png) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no series");
        }
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xLabel)
                .yAxisTitle("cumulative prob.").build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisDecimalPattern("0.0").setYAxisTickMarkSpacingHint(60);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Edf e = Edf.of(s.values());
            lo = Math.min(lo, e.min());
            hi = Math.max(hi, e.max());
            double[][] steps = e.steps();
            XYSeries xy = chart.addSeries(String.format(Locale.ROOT, "%s (n=%d, min=%s, mean=%s)", s.name(), e.n(),
                    num(e.min()), num(e.mean())), steps[0], steps[1]);
            xy.setMarker(SeriesMarkers.NONE).setLineColor(COLORS[i % COLORS.length])
                    .setLineStyle(new BasicStroke(2.5f));
        }
        if (lo > 0 && hi / lo > 100) {
            chart.getStyler().setXAxisLogarithmic(true);
        }
        save(chart, png);
    }

    /** A scatter plot of score against one complexity measure, one colour per series. */
    public static void scatter(List<Series> xs, List<Series> ys, String xLabel, String yLabel, Path png) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(yLabel + " vs " + xLabel).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(8)
                .setLegendPosition(Styler.LegendPosition.InsideNE);
        for (int i = 0; i < xs.size(); i++) {
            XYSeries s = chart.addSeries(xs.get(i).name() + " (n=" + xs.get(i).values().length + ")",
                    xs.get(i).values(), ys.get(i).values());
            s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(COLORS[i % COLORS.length]);
        }
        save(chart, png);
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE)
                .setLegendBorderColor(new Color(0xbbbbbb))
                .setAntiAlias(true).setPlotBorderVisible(true);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
    }

    private static void save(XYChart chart, Path png) {
        System.setProperty("java.awt.headless", "true");
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String name = png.toString();
            String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4)
                    : name;
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    /** Compact number for legends: 3 significant digits, engineering suffix above 10^4. */
    static String num(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.3gG", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.3gk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
