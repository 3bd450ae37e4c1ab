package io.github.seer4j.searchspark;

import io.github.seer4j.search.Candidate;
import io.github.seer4j.search.CandidateScorer;
import io.github.seer4j.search.ComplexityScorer;
import io.github.seer4j.search.SearchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Planted failures for the retry test: the activations score, except that candidate {@link #FLAKY} throws on its
 * first attempt (a marker file in {@code -Dseer4j.test.markers} remembers that it did, across tasks and JVMs) and
 * candidate {@link #BROKEN} throws on every attempt.
 */
public final class FlakyScorers implements ScorerFactory {
    static final int FLAKY = 1;
    static final int BROKEN = 2;
    static final String MARKERS = "seer4j.test.markers";

    @Override
    public CandidateScorer create(SearchConfig config) {
        Path markers = Path.of(System.getProperty(MARKERS));
        return new CandidateScorer() {
            @Override
            public String scoreName() {
                return ComplexityScorer.ACTIVATIONS.scoreName();
            }

            @Override
            public String label() {
                return ComplexityScorer.ACTIVATIONS.label();
            }

            @Override
            public double score(Candidate c) {
                if (c.index() == BROKEN) {
                    throw new IllegalStateException("planted failure of candidate " + c.index());
                }
                if (c.index() == FLAKY) {
                    try {
                        Files.createFile(markers.resolve("flaky-" + c.index()));
                        throw new IllegalStateException("planted first-attempt failure of candidate " + c.index());
                    } catch (FileAlreadyExistsException e) {
                        // an earlier attempt failed: this one succeeds
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ComplexityScorer.ACTIVATIONS.score(c);
            }
        };
    }
}
