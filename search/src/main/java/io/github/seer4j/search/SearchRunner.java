package io.github.seer4j.search;

import io.github.seer4j.designspace.Units;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a search: draws accepted candidates, scores each, and appends its result to {@code results.jsonl} as soon as
 * it is scored, with one progress line per candidate. Stops after {@code n} finished candidates (counting those of
 * an earlier run when resuming) or when the wall-time limit is reached (a started candidate is finished first). A
 * resumed search replays the same candidate sequence and skips the indices already in the file.
 */
public final class SearchRunner {
    private final SearchConfig config;
    private final CandidateScorer scorer;
    private final Path dir;
    private final Consumer<String> progress;

    public SearchRunner(SearchConfig config, CandidateScorer scorer, Path dir, Consumer<String> progress) {
        if (!scorer.scoreName().equals(config.score())) {
            throw new IllegalArgumentException("scorer '" + scorer.scoreName() + "' does not match the configured"
                    + " score '" + config.score() + "'");
        }
        this.config = config;
        this.scorer = scorer;
        this.dir = dir;
        this.progress = progress;
    }

    /** Why a search stopped. */
    public enum Stop { COUNT, TIME, GRID_EXHAUSTED }

    /** Outcome: all finished results (earlier ones first), how many were new, and why it stopped. */
    public record Summary(List<CandidateResult> results, int added, Stop stop, int draws) {
        public CandidateResult best() {
            return results.stream().min(Comparator.comparingDouble(CandidateResult::score)
                    .thenComparingInt(CandidateResult::index)).orElseThrow();
        }
    }

    /**
     * @param n       total number of finished candidates wanted
     * @param maxTime wall-time limit of this run ({@code null} for none)
     * @param resume  continue the search already in the directory (its configuration must match)
     */
    public Summary run(int n, Duration maxTime, boolean resume) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of candidates must be at least 1, got " + n);
        }
        Path results = dir.resolve(SearchResults.RESULTS);
        Path configFile = dir.resolve(SearchResults.CONFIG);
        List<CandidateResult> done = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            boolean exists = Files.exists(results) && Files.size(results) > 0;
            if (exists && !resume) {
                throw new IllegalArgumentException(dir + " already holds a search (" + SearchResults.RESULTS + ");"
                        + " pass --resume to continue it, or choose another --out");
            }
            if (resume && Files.exists(configFile)) {
                SearchConfig saved = ResultCodec.parseConfig(configFile.toString(),
                        Files.readString(configFile, StandardCharsets.UTF_8));
                if (!saved.equals(config)) {
                    throw new IllegalArgumentException("cannot resume " + dir + ": it was started with "
                            + describe(saved) + ", not " + describe(config) + "; repeat the original options");
                }
            } else if (exists) {
                throw new IllegalArgumentException("cannot resume " + dir + ": " + SearchResults.CONFIG
                        + " is missing, so the candidate sequence cannot be replayed");
            }
            if (exists) {
                String text = Files.readString(results, StandardCharsets.UTF_8);
                done.addAll(SearchResults.parseComplete(results.toString(), text));
                int complete = text.lastIndexOf('\n') + 1;
                if (complete < text.getBytes(StandardCharsets.UTF_8).length) {
                    try (FileChannel ch = FileChannel.open(results, StandardOpenOption.WRITE)) {
                        ch.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
                    }
                    progress.accept("dropped an incomplete last line of " + results + " (interrupted write)");
                }
            }
            Files.writeString(configFile, ResultCodec.config(config), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        Set<Integer> finished = new HashSet<>();
        done.forEach(r -> finished.add(r.index()));
        if (!done.isEmpty()) {
            progress.accept("resuming " + dir + ": " + done.size() + " finished candidate(s) kept");
        }
        CandidateSource source = new CandidateSource(config.space(), config.constraints(), config.generator(),
                config.seed(), config.gridPoints(), CandidateSource.DEFAULT_MAX_MISSES, config.repair());
        long start = System.nanoTime();
        long limit = maxTime == null ? Long.MAX_VALUE : maxTime.toNanos();
        List<CandidateResult> all = new ArrayList<>(done);
        int added = 0;
        Stop stop = Stop.COUNT;
        CandidateResult best = done.stream().min(Comparator.comparingDouble(CandidateResult::score)).orElse(null);
        while (all.size() < n) {
            if (System.nanoTime() - start >= limit) {
                stop = Stop.TIME;
                break;
            }
            Candidate c;
            try {
                c = source.next();
            } catch (NoSuchElementException e) {
                stop = Stop.GRID_EXHAUSTED;
                break;
            }
            if (finished.contains(c.index())) {
                continue;
            }
            long t0 = System.nanoTime();
            double score = scorer.score(c);
            double seconds = (System.nanoTime() - t0) / 1e9;
            CandidateResult r = new CandidateResult(c.index(), c.draw(), config.space(), c.spec().name(), c.point(),
                    c.repaired(), c.complexity(), config.constraints().resolution(), config.constraints().classes(),
                    scorer.scoreName(), score, seconds);
            append(results, ResultCodec.line(r) + "\n");
            all.add(r);
            added++;
            if (best == null || score < best.score()) {
                best = r;
            }
            progress.accept(progressLine(all.size(), n, r, best, source.draws()));
        }
        return new Summary(all, added, stop, source.draws());
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private String progressLine(int done, int n, CandidateResult r, CandidateResult best, int draws) {
        return String.format(Locale.ROOT, "[%d/%d] %s %s | %s, %.2fM params, %.2fM acts | %s %s | %.3f ms"
                        + " | best %s %s | %d draws", done, n, r.name(), r.point().describe() + (r.repaired() ? " (repaired)" : ""),
                Units.flops(r.complexity().flops()), r.complexity().params() / 1e6, r.complexity().acts() / 1e6,
                r.scoreName(), fmt(r.score()), r.seconds() * 1e3, best.name(), fmt(best.score()), draws);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1e4 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String describe(SearchConfig c) {
        return String.format(Locale.ROOT, "space %s, generator %s, seed %d, grid points %d, repair %s, score %s, %s,"
                        + " %d epoch(s) of %s", c.space(), c.generator().cliName(), c.seed(), c.gridPoints(),
                c.repair(), c.score(),
                c.constraints(), c.training().epochs(), c.training().data());
    }
}
