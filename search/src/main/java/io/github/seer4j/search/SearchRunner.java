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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Runs a search: draws accepted candidates, has a {@link CandidateExecutor} score each (one after another by
 * default, several at once with e.g. Spark), and appends its result to {@code results.jsonl} as soon as it is
 * scored, in the order they finish, with one progress line per candidate. Stops after {@code n} finished candidates
 * (counting those of an earlier run when resuming, and those recorded as failed) or when the wall-time limit is
 * reached (no candidate is submitted after it; submitted ones are finished first). A resumed search replays the
 * same candidate sequence and skips the indices already in the file, failed ones included.
 */
public final class SearchRunner {
    private final SearchConfig config;
    private final CandidateScorer scorer;
    private final CandidateExecutor executor;
    private final Path dir;
    private final Consumer<String> progress;

    /** A search that scores its candidates one after another with {@code scorer}. */
    public SearchRunner(SearchConfig config, CandidateScorer scorer, Path dir, Consumer<String> progress) {
        this(config, scorer, CandidateExecutor.sequential(scorer), dir, progress);
    }

    /**
     * A search whose candidates {@code executor} scores (several at once if it can); {@code scorer} names the
     * score. The caller closes the executor.
     */
    public SearchRunner(SearchConfig config, CandidateScorer scorer, CandidateExecutor executor, Path dir,
                        Consumer<String> progress) {
        if (!scorer.scoreName().equals(config.score())) {
            throw new IllegalArgumentException("scorer '" + scorer.scoreName() + "' does not match the configured"
                    + " score '" + config.score() + "'");
        }
        this.config = config;
        this.scorer = scorer;
        this.executor = executor;
        this.dir = dir;
        this.progress = progress;
    }

    /** Why a search stopped. */
    public enum Stop { COUNT, TIME, GRID_EXHAUSTED }

    /** A candidate recorded as failed: it could not be scored (e.g. every retry of its task failed). */
    public record Failure(int index, String name, String error) {}

    /**
     * Outcome: all scored results (earlier ones first, then in the order they finished), how many were new, why it
     * stopped, the draws made, and the candidates that failed in this run.
     */
    public record Summary(List<CandidateResult> results, int added, Stop stop, int draws, List<Failure> failed) {
        public CandidateResult best() {
            return results.stream().min(Comparator.comparingDouble(CandidateResult::score)
                    .thenComparingInt(CandidateResult::index)).orElseThrow();
        }
    }

    /**
     * @param n       total number of finished candidates wanted (scored or recorded as failed)
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
        List<Integer> failedBefore = new ArrayList<>();
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
                failedBefore.addAll(SearchResults.parseFailed(results.toString(), text));
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
        finished.addAll(failedBefore);
        if (!finished.isEmpty()) {
            progress.accept("resuming " + dir + ": " + done.size() + " finished candidate(s) kept"
                    + (failedBefore.isEmpty() ? "" : ", " + failedBefore.size() + " failed one(s) not retried"));
        }
        CandidateSource source = new CandidateSource(config.space(), config.constraints(), config.generator(),
                config.seed(), config.gridPoints(), CandidateSource.DEFAULT_MAX_MISSES, config.repair());
        long start = System.nanoTime();
        long limit = maxTime == null ? Long.MAX_VALUE : maxTime.toNanos();
        List<CandidateResult> all = new ArrayList<>(done);
        List<Failure> failed = new ArrayList<>();
        int added = 0;
        Stop stop = Stop.COUNT;
        CandidateResult best = done.stream().min(Comparator.comparingDouble(CandidateResult::score)).orElse(null);
        BlockingQueue<Finished> completed = new LinkedBlockingQueue<>();
        int inFlight = 0;
        boolean drawing = true;
        while (true) {
            while (drawing && inFlight < Math.max(1, executor.parallelism())
                    && all.size() + failedBefore.size() + failed.size() + inFlight < n) {
                if (System.nanoTime() - start >= limit) {
                    stop = Stop.TIME;
                    drawing = false;
                    break;
                }
                Candidate c;
                try {
                    c = source.next();
                } catch (NoSuchElementException e) {
                    stop = Stop.GRID_EXHAUSTED;
                    drawing = false;
                    break;
                }
                if (finished.contains(c.index())) {
                    continue;
                }
                long t0 = System.nanoTime();
                executor.submit(c).whenComplete((scored, error) ->
                        completed.add(new Finished(c, scored, error, (System.nanoTime() - t0) / 1e9)));
                inFlight++;
            }
            if (inFlight == 0) {
                break;
            }
            Finished f;
            try {
                f = completed.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + inFlight + " candidate(s); the"
                        + " finished ones are in " + results + ", continue with --resume", e);
            }
            inFlight--;
            Candidate c = f.candidate();
            if (f.error() != null) {
                Throwable cause = f.error() instanceof CompletionException && f.error().getCause() != null
                        ? f.error().getCause() : f.error();
                if (!(cause instanceof CandidateExecutor.CandidateFailedException)) {
                    throw cause instanceof RuntimeException re ? re
                            : new IllegalStateException("scoring " + c.spec().name() + " failed: " + cause, cause);
                }
                CandidateResult r = result(c, Double.NaN, f.seconds());
                append(results, ResultCodec.failedLine(r, cause.getMessage()) + "\n");
                failed.add(new Failure(c.index(), c.spec().name(), cause.getMessage()));
                progress.accept(String.format(Locale.ROOT, "[%d/%d] %s failed: %s", all.size() + failedBefore.size()
                        + failed.size(), n, c.spec().name(), cause.getMessage()));
                continue;
            }
            CandidateResult r = result(c, f.scored().score(), f.scored().seconds());
            append(results, ResultCodec.line(r) + "\n");
            all.add(r);
            added++;
            if (best == null || r.score() < best.score()) {
                best = r;
            }
            progress.accept(progressLine(all.size() + failedBefore.size() + failed.size(), n, r, best,
                    source.draws()));
        }
        return new Summary(all, added, stop, source.draws(), List.copyOf(failed));
    }

    private record Finished(Candidate candidate, CandidateExecutor.Scored scored, Throwable error, double seconds) {}

    private CandidateResult result(Candidate c, double score, double seconds) {
        return new CandidateResult(c.index(), c.draw(), config.space(), c.spec().name(), c.point(), c.repaired(),
                c.complexity(), config.constraints().resolution(), config.constraints().classes(),
                scorer.scoreName(), score, seconds);
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
