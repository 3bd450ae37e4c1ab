package io.github.seer4j.searchspark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.designspace.Constraints;
import io.github.seer4j.search.CandidateResult;
import io.github.seer4j.search.CandidateScorer;
import io.github.seer4j.search.GeneratorKind;
import io.github.seer4j.search.Scorers;
import io.github.seer4j.search.SearchConfig;
import io.github.seer4j.search.SearchResults;
import io.github.seer4j.search.SearchRunner;
import io.github.seer4j.search.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches on Spark ({@code local[2]}) against the sequential search of the same configuration, which is the
 * reference: the same candidates with the same scores, whatever order the tasks finish in.
 */
class SparkSearchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static SearchConfig config(String score, TrainingOptions training) {
        return new SearchConfig("RegNetY", GeneratorKind.RANDOM, 5, 3, false, score,
                Constraints.none().flops(36e6, 44e6), training);
    }

    private static SearchRunner.Summary sequential(SearchConfig c, Path dir, int n) {
        CandidateScorer scorer = Scorers.named(c.score(), c.training(), c.seed());
        return new SearchRunner(c, scorer, dir, line -> { }).run(n, null, false);
    }

    private static SearchRunner.Summary onSpark(SparkConf conf, SearchConfig c, Path dir, int n, boolean resume,
                                                List<String> progress) {
        CandidateScorer scorer = Scorers.named(c.score(), c.training(), c.seed());
        try (SparkCandidateExecutor spark = new SparkCandidateExecutor(conf, c)) {
            assertEquals(2, spark.parallelism());
            return new SearchRunner(c, scorer, spark, dir, progress::add).run(n, null, resume);
        }
    }

    /** Each line of results.jsonl by candidate index, without its timing. */
    private static Map<Integer, String> byIndex(Path dir) throws Exception {
        Map<Integer, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
            JsonNode o = JSON.readTree(line);
            out.put(o.get("index").asInt(), line.replaceAll("\"seconds\":[^,]+,", ""));
        }
        return out;
    }

    @Test
    void activationsSearchOnLocal2EqualsTheSequentialSearch() throws Exception {
        SearchConfig c = config("activations", TrainingOptions.defaults());
        sequential(c, tmp.resolve("seq"), 8);
        List<String> progress = new ArrayList<>();
        SearchRunner.Summary s = onSpark(new SparkConf().setMaster("local[2]"), c, tmp.resolve("spark"), 8, false,
                progress);
        assertEquals(8, s.results().size());
        assertEquals(8, progress.size());
        assertEquals(byIndex(tmp.resolve("seq")), byIndex(tmp.resolve("spark")));
        assertEquals(8, byIndex(tmp.resolve("spark")).size());
    }

    @Test
    void supervisedSearchOnLocal2EqualsTheSequentialSearch() throws Exception {
        // 2 candidates, 1 epoch on 100 training images, top-1 error on 100 test images; each task trains in its own JVM
        SearchConfig c = config("supervised", new TrainingOptions(1, "fashion-mnist", 100, 100, 0.01));
        SearchRunner.Summary seq = sequential(c, tmp.resolve("seq"), 2);
        SearchRunner.Summary spark = onSpark(new SparkConf().setMaster("local[2]"), c, tmp.resolve("spark"), 2,
                false, new ArrayList<>());
        assertEquals(byIndex(tmp.resolve("seq")), byIndex(tmp.resolve("spark")));
        List<CandidateResult> a = new ArrayList<>(seq.results());
        List<CandidateResult> b = new ArrayList<>(spark.results());
        b.sort(Comparator.comparingInt(CandidateResult::index));
        for (int i = 0; i < 2; i++) {
            assertEquals(a.get(i).index(), b.get(i).index());
            assertEquals(a.get(i).score(), b.get(i).score(), 0.0);
            // 100 test images: the error is a multiple of 1/100
            assertEquals(Math.rint(b.get(i).score() * 100), b.get(i).score() * 100, 1e-9);
        }
    }

    @Test
    void aFailedTaskIsRetriedAndOneThatAlwaysFailsIsRecorded() throws Exception {
        SearchConfig c = config("activations", TrainingOptions.defaults());
        sequential(c, tmp.resolve("seq"), 6);
        Path markers = Files.createDirectories(tmp.resolve("markers"));
        System.setProperty(FlakyScorers.MARKERS, markers.toString());
        SparkConf conf = new SparkConf().setMaster("local[2]").set("spark.task.maxFailures", "3")
                .set(SparkCandidateExecutor.SCORER_FACTORY, FlakyScorers.class.getName());
        Path dir = tmp.resolve("spark");
        List<String> progress = new ArrayList<>();
        SearchRunner.Summary s = onSpark(conf, c, dir, 5, false, progress);

        // the flaky candidate failed once (its marker) and was scored on a retry; the broken one is recorded
        assertTrue(Files.exists(markers.resolve("flaky-" + FlakyScorers.FLAKY)));
        assertEquals(4, s.results().size());
        assertEquals(1, s.failed().size());
        assertEquals(FlakyScorers.BROKEN, s.failed().get(0).index());
        Map<Integer, String> seq = byIndex(tmp.resolve("seq"));
        Map<Integer, String> got = byIndex(dir);
        assertEquals(List.of(0, 1, 2, 3, 4), new ArrayList<>(got.keySet()));
        for (int i : List.of(0, 1, 3, 4)) {
            assertEquals(seq.get(i), got.get(i));
        }
        JsonNode failed = JSON.readTree(got.get(FlakyScorers.BROKEN));
        assertTrue(failed.get("score") == null, failed.toString());
        assertEquals("3 attempt(s) failed; last: java.lang.IllegalStateException: planted failure of candidate 2",
                failed.get("error").asText());
        assertTrue(progress.stream().anyMatch(l -> l.contains("RegNetY-0002 failed: 3 attempt(s) failed")),
                progress.toString());
        // readers of the results (edf, catalog export --from) see the scored candidates only
        assertEquals(List.of(0, 1, 3, 4), SearchResults.read(dir).results().stream().map(CandidateResult::index)
                .sorted().toList());

        // resuming does not retry the recorded failure: it draws the next candidate instead
        SearchRunner.Summary resumed = onSpark(conf, c, dir, 6, true, progress);
        assertEquals(1, resumed.added());
        assertEquals(seq.get(5), byIndex(dir).get(5));
        assertEquals(6, byIndex(dir).size());
    }
}
