package io.github.seer4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.Constraints;
import io.github.seer4j.designspace.DesignSpace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Complexity-scored searches: flop window, seeded reproducibility, saving as they go, resume. */
class SearchRunnerTest {
    private static final Constraints WINDOW = Constraints.none().flops(36e6, 44e6);

    @TempDir
    Path tmp;

    private static SearchConfig config(String space, long seed, GeneratorKind kind, boolean repair) {
        return new SearchConfig(space, kind, seed, 3, repair, "activations", WINDOW, TrainingOptions.defaults());
    }

    private static SearchRunner.Summary run(SearchConfig c, Path dir, int n, boolean resume) {
        return new SearchRunner(c, ComplexityScorer.ACTIVATIONS, dir, line -> { }).run(n, null, resume);
    }

    /** The results without their timing, which differs between runs. */
    private static List<String> lines(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("results.jsonl"))) {
            out.add(l.replaceAll("\"seconds\":[^,]+,", ""));
        }
        return out;
    }

    @Test
    void everyCandidateIsInTheFlopWindowAndScoredByItsActivations() {
        SearchRunner.Summary s = run(config("RegNetY", 1, GeneratorKind.RANDOM, false), tmp.resolve("a"), 10, false);
        assertEquals(10, s.results().size());
        for (CandidateResult r : s.results()) {
            assertTrue(r.complexity().flops() >= 36e6 && r.complexity().flops() <= 44e6, r.toString());
            assertEquals(r.complexity().acts(), r.score());
            assertEquals(r.spec().complexity(224).flops(), r.complexity().flops());
            assertTrue(DesignSpace.named("RegNetY").contains(r.spec()));
        }
        assertEquals(s.results().stream().mapToDouble(CandidateResult::score).min().orElseThrow(),
                s.best().score());
    }

    @Test
    void sameSeedSameCandidatesOtherSeedOthers() throws Exception {
        run(config("RegNetY", 7, GeneratorKind.RANDOM, false), tmp.resolve("a"), 6, false);
        run(config("RegNetY", 7, GeneratorKind.RANDOM, false), tmp.resolve("b"), 6, false);
        run(config("RegNetY", 8, GeneratorKind.RANDOM, false), tmp.resolve("c"), 6, false);
        assertEquals(lines(tmp.resolve("a")), lines(tmp.resolve("b")));
        assertNotEquals(lines(tmp.resolve("a")), lines(tmp.resolve("c")));
    }

    @Test
    void resumeKeepsFinishedCandidatesAndContinuesTheSameSequence() throws Exception {
        SearchConfig c = config("RegNetY", 3, GeneratorKind.RANDOM, false);
        run(c, tmp.resolve("full"), 8, false);
        Path dir = tmp.resolve("cut");
        run(c, dir, 5, false);
        List<String> firstFive = lines(dir);
        // an interrupted write leaves half a line behind
        Files.writeString(dir.resolve("results.jsonl"), "{\"index\":5,\"dra", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        List<String> messages = new ArrayList<>();
        SearchRunner.Summary s = new SearchRunner(c, ComplexityScorer.ACTIVATIONS, dir, messages::add)
                .run(8, null, true);
        assertEquals(3, s.added());
        assertEquals(firstFive, lines(dir).subList(0, 5));
        assertEquals(lines(tmp.resolve("full")), lines(dir));
        assertTrue(messages.stream().anyMatch(m -> m.contains("incomplete last line")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("5 finished candidate(s) kept")), messages.toString());
    }

    @Test
    void existingSearchNeedsResumeAndTheSameOptions() {
        Path dir = tmp.resolve("s");
        run(config("RegNetY", 3, GeneratorKind.RANDOM, false), dir, 2, false);
        var again = assertThrows(IllegalArgumentException.class,
                () -> run(config("RegNetY", 3, GeneratorKind.RANDOM, false), dir, 4, false));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());
        var other = assertThrows(IllegalArgumentException.class,
                () -> run(config("RegNetY", 4, GeneratorKind.RANDOM, false), dir, 4, true));
        assertTrue(other.getMessage().contains("seed 3") && other.getMessage().contains("seed 4"),
                other.getMessage());
    }

    @Test
    void wallTimeStopsTheSearch() {
        SearchRunner.Summary s = new SearchRunner(config("RegNetY", 1, GeneratorKind.RANDOM, false),
                ComplexityScorer.ACTIVATIONS, tmp.resolve("t"), l -> { }).run(1000, java.time.Duration.ZERO, false);
        assertEquals(SearchRunner.Stop.TIME, s.stop());
        assertEquals(0, s.results().size());
    }

    @Test
    void gridSearchIsDeterministicAndInTheWindow() throws Exception {
        run(config("RegNetX", 0, GeneratorKind.GRID, false), tmp.resolve("g1"), 5, false);
        run(config("RegNetX", 99, GeneratorKind.GRID, false), tmp.resolve("g2"), 5, false);
        assertEquals(lines(tmp.resolve("g1")), lines(tmp.resolve("g2")));
        for (CandidateResult r : SearchResults.read(tmp.resolve("g1")).results()) {
            assertTrue(r.complexity().flops() >= 36e6 && r.complexity().flops() <= 44e6, r.toString());
        }
        var tooBig = assertThrows(IllegalArgumentException.class, () -> new CandidateSource("AnyNetXA", WINDOW,
                GeneratorKind.GRID, 0, 3, 10, false));
        assertTrue(tooBig.getMessage().contains("--grid-points"), tooBig.getMessage());
    }

    @Test
    void repairedAnyNetCandidatesFitTheWindowAndTheSpace() {
        SearchRunner.Summary s = run(config("AnyNetXA", 1, GeneratorKind.RANDOM, true), tmp.resolve("r"), 10,
                false);
        assertTrue(s.results().stream().anyMatch(CandidateResult::repaired));
        for (CandidateResult r : s.results()) {
            assertTrue(r.complexity().flops() >= 36e6 && r.complexity().flops() <= 44e6, r.toString());
            assertTrue(DesignSpace.named("AnyNetXA").contains(r.spec()), r.toString());
        }
    }

    @Test
    void everyScoreNameBuildsItsScorer() {
        TrainingOptions small = new TrainingOptions(1, "fashion-mnist", 20, 20, 0.01);
        for (String name : Scorers.NAMES) {
            CandidateScorer scorer = Scorers.named(name, small, 1);
            assertEquals(name, scorer.scoreName());
        }
        assertTrue(Scorers.named("supervised", small, 1).label().contains("top-1 error"));
        assertTrue(Scorers.named("swav", small, 1).label().contains("top-1 error"));
        assertThrows(IllegalArgumentException.class, () -> Scorers.named("accuracy", small, 1));
    }

    /**
     * An executor that scores three candidates at once on a thread pool, finishing them in reverse order of
     * submission, and fails one candidate for good: the runner writes the sequential search's results (in another
     * order), records the failure, and a resumed search does not retry it.
     */
    @Test
    void parallelExecutorGivesTheSequentialResultsAndRecordsFailures() throws Exception {
        SearchConfig c = config("RegNetY", 4, GeneratorKind.RANDOM, false);
        run(c, tmp.resolve("seq"), 8, false);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        CandidateExecutor reversed = new CandidateExecutor() {
            @Override
            public int parallelism() {
                return 3;
            }

            @Override
            public java.util.concurrent.CompletableFuture<Scored> submit(Candidate candidate) {
                return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        Thread.sleep(10L * (3 - candidate.index() % 3));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    if (candidate.index() == 4) {
                        throw new CandidateFailedException("planted failure");
                    }
                    return new Scored(ComplexityScorer.ACTIVATIONS.score(candidate), 0);
                }, pool);
            }
        };
        try {
            Path dir = tmp.resolve("par");
            SearchRunner.Summary s = new SearchRunner(c, ComplexityScorer.ACTIVATIONS, reversed, dir, l -> { })
                    .run(7, null, false);
            assertEquals(6, s.results().size());
            assertEquals(List.of(new SearchRunner.Failure(4, "RegNetY-0004", "planted failure")), s.failed());
            List<String> seq = lines(tmp.resolve("seq"));
            List<String> par = lines(dir);
            assertNotEquals(seq.subList(0, 6), par.subList(0, 6)); // finished out of order
            List<String> scored = new ArrayList<>(par.stream().filter(l -> !l.contains("\"error\"")).toList());
            List<String> expected = new ArrayList<>(seq.subList(0, 7));
            expected.remove(4);
            scored.sort(null);
            expected.sort(null);
            assertEquals(expected, scored);
            assertTrue(par.stream().anyMatch(l -> l.contains("\"index\":4,") && l.contains("\"error\":\"planted failure\"")
                    && !l.contains("\"score\"")), par.toString());
            assertEquals(6, SearchResults.read(dir).results().size());
            // resumed: index 4 stays failed; index 7 is drawn to reach 8
            SearchRunner.Summary r = new SearchRunner(c, ComplexityScorer.ACTIVATIONS, reversed, dir, l -> { })
                    .run(8, null, true);
            assertEquals(1, r.added());
            assertEquals(seq.get(7), lines(dir).get(7));
        } finally {
            pool.shutdownNow();
        }
    }
}
