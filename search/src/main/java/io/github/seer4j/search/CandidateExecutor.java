package io.github.seer4j.search;

import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Where a search's candidates are scored: {@link #sequential} scores each in the calling thread, one after another
 * (the default); an optional module (e.g. {@code seer4j-search-spark}) can score several at once elsewhere. The
 * {@link SearchRunner} draws the candidates, keeps up to {@link #parallelism()} of them submitted, and writes each
 * result as its future completes, so the candidate sequence, the result file and resuming stay the same whatever
 * the executor.
 */
public interface CandidateExecutor extends AutoCloseable {

    /** A candidate's score and the seconds its scoring took. */
    record Scored(double score, double seconds) {}

    /**
     * A candidate that could not be scored for good (e.g. every retry of its task failed): the runner records it
     * with this message and goes on with the search.
     */
    final class CandidateFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CandidateFailedException(String message) {
            super(message);
        }
    }

    /** How many candidates the runner keeps submitted at once (read before every submission; at least 1). */
    int parallelism();

    /**
     * Starts scoring {@code candidate}. The future completes with its score, or exceptionally with a
     * {@link CandidateFailedException} that the runner records in {@code results.jsonl}; any other exception,
     * thrown here or completing the future, stops the search.
     */
    CompletableFuture<Scored> submit(Candidate candidate);

    @Override
    default void close() {}

    /** Scores each candidate in the calling thread with {@code scorer}; an exception stops the search. */
    static CandidateExecutor sequential(CandidateScorer scorer) {
        return new CandidateExecutor() {
            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public CompletableFuture<Scored> submit(Candidate candidate) {
                long t0 = System.nanoTime();
                double score = scorer.score(candidate);
                return CompletableFuture.completedFuture(new Scored(score, (System.nanoTime() - t0) / 1e9));
            }
        };
    }

    /**
     * An executor from an optional module, found with {@link ServiceLoader}: the module lists its {@link Provider}
     * in {@code META-INF/services/io.github.seer4j.search.CandidateExecutor$Provider}.
     *
     * @return the provider called {@code name}, or {@code null} when none is on the class path
     */
    static Provider provider(String name) {
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Opens executors of one kind, e.g. "spark". */
    interface Provider {
        String name();

        /**
         * @param target   where to run, e.g. a Spark master URL such as {@code local[2]} or {@code spark://host:7077}
         * @param config   the search (its score, training options and seed define how candidates are scored)
         * @param progress one-line messages for the user
         */
        CandidateExecutor open(String target, SearchConfig config, java.util.function.Consumer<String> progress);
    }
}
