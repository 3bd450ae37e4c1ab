package io.github.seer4j.searchspark;

import io.github.seer4j.search.Candidate;
import io.github.seer4j.search.CandidateScorer;
import io.github.seer4j.search.CandidateWire;
import io.github.seer4j.search.SearchConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The JVM a Spark task starts to score one candidate with its own native state (ND4J, OpenBLAS, OpenMP threads):
 * {@code ScoreWorker FACTORY_CLASS IN OUT} reads the candidate's JSON line and then the search configuration from
 * IN, and writes {@code ok SCORE SECONDS} or {@code error MESSAGE} to OUT (exit status 0 or 1).
 */
public final class ScoreWorker {
    private ScoreWorker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ScoreWorker FACTORY_CLASS IN OUT");
            System.exit(2);
        }
        Path out = Path.of(args[2]);
        String result;
        int status = 0;
        try {
            String text = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            Candidate candidate = CandidateWire.parseCandidate(text.substring(0, nl));
            SearchConfig config = CandidateWire.parseConfig(text.substring(nl + 1));
            CandidateScorer scorer = SparkCandidateExecutor.factory(args[0]).create(config);
            long t0 = System.nanoTime();
            double score = scorer.score(candidate);
            result = String.format(Locale.ROOT, "ok %s %s", Double.toString(score),
                    Double.toString((System.nanoTime() - t0) / 1e9));
        } catch (Exception | Error e) {
            result = "error " + SparkCandidateExecutor.oneLine(e);
            status = 1;
        }
        Files.writeString(out, result, StandardCharsets.UTF_8);
        System.exit(status);
    }
}
