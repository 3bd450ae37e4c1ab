package io.github.seer4j.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The finished candidates of a search directory ({@code results.jsonl}), in the order they finished. */
public record SearchResults(Path dir, List<CandidateResult> results) {
    public static final String RESULTS = "results.jsonl";
    public static final String CONFIG = "search.json";

    public SearchResults {
        results = List.copyOf(results);
    }

    /** Reads {@code dir/results.jsonl}; a last line without its newline (an interrupted write) is skipped. */
    public static SearchResults read(Path dir) {
        Path file = dir.resolve(RESULTS);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + RESULTS + " in " + dir + "; give the --out directory of a"
                    + " search");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new SearchResults(dir, parseComplete(file.toString(), text));
    }

    /**
     * Parses the complete (newline-terminated) lines of a results file; lines of candidates that failed (with an
     * {@code error} instead of a score) are skipped.
     */
    static List<CandidateResult> parseComplete(String file, String text) {
        List<CandidateResult> out = new ArrayList<>();
        String[] lines = completeLines(text);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank() && !ResultCodec.isFailed(file, i + 1, lines[i])) {
                out.add(ResultCodec.parse(file, i + 1, lines[i]));
            }
        }
        return out;
    }

    /** Indices of the candidates recorded as failed in the complete lines of a results file. */
    static List<Integer> parseFailed(String file, String text) {
        List<Integer> out = new ArrayList<>();
        String[] lines = completeLines(text);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank() && ResultCodec.isFailed(file, i + 1, lines[i])) {
                out.add(ResultCodec.failedIndex(file, i + 1, lines[i]));
            }
        }
        return out;
    }

    private static String[] completeLines(String text) {
        int end = text.lastIndexOf('\n');
        return end < 0 ? new String[0] : text.substring(0, end).split("\n", -1);
    }

    /** Design space of the results (the first result's), or "empty". */
    public String space() {
        return results.isEmpty() ? "empty" : results.get(0).space();
    }

    /** Name of the score (the first result's), or "score". */
    public String scoreName() {
        return results.isEmpty() ? "score" : results.get(0).scoreName();
    }

    public double[] scores() {
        return results.stream().mapToDouble(CandidateResult::score).toArray();
    }

    /** The {@code k} lowest-scoring results, best first (ties: earlier index first). */
    public List<CandidateResult> best(int k) {
        return results.stream().sorted(Comparator.comparingDouble(CandidateResult::score)
                .thenComparingInt(CandidateResult::index)).limit(k).toList();
    }
}
