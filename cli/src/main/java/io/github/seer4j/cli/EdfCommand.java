package io.github.seer4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import io.github.seer4j.search.BestRangeBootstrap;
import io.github.seer4j.search.CandidateResult;
import io.github.seer4j.search.DesignParameters;
import io.github.seer4j.search.Edf;
import io.github.seer4j.search.Plots;
import io.github.seer4j.search.SearchResults;

/** {@code seer4j edf}: compare finished searches by the EDF of their scores, as the RegNet paper does. */
@Command(name = "edf", mixinStandardHelpOptions = true,
        description = {"Plot the EDFs of several searches' scores on one chart (legend: n, min, mean) and print a"
                + " summary. --scatter adds score-vs-flops/params/acts plots; --bootstrap estimates the best range"
                + " of parameters (25%% of the models drawn with replacement, value of the best, 95%% interval)."})
public final class EdfCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "search directories (each with results.jsonl)")
    List<Path> dirs;

    @Option(names = "--out", required = true, description = "the EDF PNG, e.g. edf.png") Path out;

    @Option(names = "--scatter", description = "also write OUT-vs-flops.png, OUT-vs-params.png, OUT-vs-acts.png")
    boolean scatter;

    @Option(names = "--bootstrap", split = ",", paramLabel = "PARAM",
            description = "parameters to bootstrap, e.g. depth,wm,w0,groupWidth,flops")
    List<String> bootstrap = new ArrayList<>();

    @Option(names = "--fraction", defaultValue = "0.25", description = "share of models per bootstrap draw")
    double fraction;

    @Option(names = "--repetitions", defaultValue = "10000") int repetitions;

    @Option(names = "--seed", defaultValue = "0") long seed;

    @Override
    public Integer call() {
        checkOut(out);
        List<SearchResults> all = new ArrayList<>();
        Map<String, Integer> spaceCount = new HashMap<>();
        for (Path d : dirs) {
            SearchResults r = SearchResults.read(d);
            if (r.results().isEmpty()) {
                throw Seer4j.bad(d + " has no finished candidates yet");
            }
            all.add(r);
            spaceCount.merge(r.space(), 1, Integer::sum);
            for (String p : bootstrap) {
                java.util.Set<String> known = DesignParameters.of(r.results().get(0)).keySet();
                if (!known.contains(p.trim())) {
                    throw Seer4j.bad("--bootstrap " + p.trim() + ": not a parameter of " + r.space() + " (" + d
                            + "); choose from " + String.join(", ", known));
                }
            }
        }
        String scoreName = all.get(0).scoreName();
        for (SearchResults r : all) {
            if (!r.scoreName().equals(scoreName)) {
                throw Seer4j.bad("cannot compare scores of different kinds: " + all.get(0).dir() + " has '"
                        + scoreName + "', " + r.dir() + " has '" + r.scoreName() + "'");
            }
        }
        List<Plots.Series> series = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-28s %5s %14s %14s %14s%n", "search", "n", "min", "mean", "median");
        for (SearchResults r : all) {
            String label = spaceCount.get(r.space()) > 1 ? r.space() + " [" + r.dir().getFileName() + "]"
                    : r.space();
            series.add(new Plots.Series(label, r.scores()));
            Edf e = Edf.of(r.scores());
            double[] s = e.sorted();
            double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "%-28s %5d %14.6g %14.6g %14.6g%n", label, e.n(), e.min(), e.mean(),
                    median);
            for (String p : bootstrap) {
                double[] values = DesignParameters.values(r.results(), p.trim());
                BestRangeBootstrap.Interval iv = BestRangeBootstrap.run(values, r.scores(), fraction, repetitions,
                        seed);
                System.out.printf(Locale.ROOT, "  best %-10s 95%% interval [%.6g, %.6g], median %.6g (%d draws of"
                        + " %d models)%n", p.trim(), iv.low(), iv.high(), iv.median(), iv.repetitions(),
                        iv.sampleSize());
            }
        }
        Plots.edf(series, scoreName, "EDF of " + scoreName, out);
        System.out.flush();
        System.err.println("wrote " + out);
        if (scatter) {
            String base = out.toString().replaceAll("(?i)\\.png$", "");
            for (String measure : List.of("flops", "params", "acts")) {
                List<Plots.Series> xs = new ArrayList<>();
                List<Plots.Series> ys = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    List<CandidateResult> rs = all.get(i).results();
                    xs.add(new Plots.Series(series.get(i).name(), DesignParameters.values(rs, measure)));
                    ys.add(new Plots.Series(series.get(i).name(), all.get(i).scores()));
                }
                Path png = Path.of(base + "-vs-" + measure + ".png");
                Plots.scatter(xs, ys, measure, scoreName, png);
                System.err.println("wrote " + png);
            }
        }
        return 0;
    }

    /** The chart is a PNG: refuse another extension, a bare ".png" and an empty path (argument errors). */
    static void checkOut(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (out.toString().isEmpty() || name.isEmpty()) {
            throw Seer4j.bad("--out is an empty path; give a PNG file name, e.g. edf.png");
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw Seer4j.bad("--out " + out + ": the chart is written as PNG; give a name ending in .png, e.g. "
                    + name.replaceAll("\\.[^.]*$", "") + ".png");
        }
        if (name.length() == ".png".length()) {
            throw Seer4j.bad("--out " + out + ": the file needs a name before .png, e.g. edf.png");
        }
    }
}
