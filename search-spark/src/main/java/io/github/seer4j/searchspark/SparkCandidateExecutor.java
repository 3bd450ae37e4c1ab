package io.github.seer4j.searchspark;

import io.github.seer4j.search.Candidate;
import io.github.seer4j.search.CandidateExecutor;
import io.github.seer4j.search.CandidateWire;
import io.github.seer4j.search.SearchConfig;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Scores a search's candidates as Spark jobs: one job of one task per candidate, submitted asynchronously
 * ({@code collectAsync}), with as many in flight as the cluster has task slots (cores / {@code spark.task.cpus}).
 * Each task scores with the scorer of the local search ({@link ScorerFactory.Named} by default), so the scores equal
 * the local search's for the same seed; training scores run in a JVM the task starts
 * ({@link Isolation#PROCESS}: its own ND4J/OpenBLAS state, {@code OMP_NUM_THREADS} = the task's cpus). Spark retries a
 * failed task ({@code spark.task.maxFailures}, default 4, also in local mode); a candidate whose every attempt
 * failed completes with a {@link CandidateFailedException}, which the search records and goes on.
 */
public final class SparkCandidateExecutor implements CandidateExecutor {
    /** {@code process} or {@code thread}: where a task scores (default: process for supervised and swav). */
    public static final String ISOLATION = "spark.seer4j.isolation";
    /** JVM options of the worker JVMs (default: the executor JVM's -Xmx, -Xms and -Dorg.bytedeco.* options). */
    public static final String WORKER_JAVA_OPTIONS = "spark.seer4j.worker.javaOptions";
    /** Class name of the {@link ScorerFactory} (default {@link ScorerFactory.Named}). */
    public static final String SCORER_FACTORY = "spark.seer4j.scorerFactory";

    /** Where a task scores its candidate. */
    public enum Isolation {
        /** In a JVM the task starts, with its own native state (the default for training scores). */
        PROCESS,
        /** In the task's thread of the executor JVM (the default for complexity scores, which train nothing). */
        THREAD
    }

    private static final Pattern STAGE_FAILURE = Pattern.compile(
            "Task \\S+ in stage \\S+ failed (\\d+) times?, most recent failure: Lost task [^)]*\\)[^)]*\\): (.*)");

    private final JavaSparkContext sc;
    private final SearchConfig config;
    private final ScoreTask task;
    private final int taskCpus;
    private final ExecutorService waiters;

    /** Starts a Spark context from {@code conf} (its master: see {@link #withRetries}). */
    public SparkCandidateExecutor(SparkConf conf, SearchConfig config) {
        int maxFailures = conf.getInt("spark.task.maxFailures", 4);
        conf.setMaster(withRetries(conf.get("spark.master", "local[*]"), maxFailures));
        conf.setIfMissing("spark.app.name", "seer4j search " + config.space());
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        this.taskCpus = conf.getInt("spark.task.cpus", 1);
        Isolation isolation = isolation(conf.get(ISOLATION, defaultIsolation(config.score()).name()));
        String factory = conf.get(SCORER_FACTORY, ScorerFactory.Named.class.getName());
        factory(factory); // fail here, not in every task, if it cannot be made
        String options = conf.get(WORKER_JAVA_OPTIONS, "");
        this.config = config;
        this.task = new ScoreTask(CandidateWire.config(config), factory, isolation,
                options.isBlank() ? null : options.trim().split("\\s+"));
        this.sc = new JavaSparkContext(conf);
        this.waiters = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "seer4j-spark-candidate");
            t.setDaemon(true);
            return t;
        });
    }

    private static Isolation isolation(String text) {
        try {
            return Isolation.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ISOLATION + " must be process or thread, got '" + text + "'");
        }
    }

    /** Process isolation for scores that train (their native state is per JVM), threads for complexity scores. */
    static Isolation defaultIsolation(String score) {
        return score.equals("supervised") || score.equals("swav") ? Isolation.PROCESS : Isolation.THREAD;
    }

    /**
     * Spark's local masters do not retry a failed task unless they say how often: {@code local}, {@code local[N]} and
     * {@code local[*]} become {@code local[N,maxFailures]}; other masters are returned as they are.
     */
    static String withRetries(String master, int maxFailures) {
        String m = master.trim();
        if (m.equals("local")) {
            return "local[1," + maxFailures + "]";
        }
        Matcher local = Pattern.compile("local\\[(\\d+|\\*)\\]").matcher(m);
        return local.matches() ? "local[" + local.group(1) + "," + maxFailures + "]" : m;
    }

    /** Task slots: the cluster's cores (Spark's default parallelism) over {@code spark.task.cpus}. */
    @Override
    public int parallelism() {
        return Math.max(1, sc.defaultParallelism() / taskCpus);
    }

    @Override
    public CompletableFuture<Scored> submit(Candidate candidate) {
        String line = CandidateWire.candidate(candidate, config);
        if (sc.sc().isStopped()) {
            throw stopped();
        }
        sc.setJobDescription("seer4j " + config.space() + " candidate " + candidate.index() + " ("
                + candidate.spec().name() + ", " + config.score() + ")");
        JavaFutureAction<List<String>> action;
        try {
            action = sc.parallelize(List.of(line), 1).map(task).collectAsync();
        } catch (IllegalStateException e) {
            throw sc.sc().isStopped() ? stopped() : e;
        }
        CompletableFuture<Scored> result = new CompletableFuture<>();
        waiters.execute(() -> {
            try {
                String[] parts = action.get().get(0).split(" ");
                result.complete(new Scored(Double.parseDouble(parts[0]), Double.parseDouble(parts[1])));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                String message = cause.getMessage() == null ? "" : cause.getMessage();
                if (cause instanceof SparkException && STAGE_FAILURE.matcher(message.lines().findFirst().orElse(""))
                        .find()) {
                    result.completeExceptionally(new CandidateFailedException(stageFailure(message)));
                } else if (sc.sc().isStopped()) {
                    result.completeExceptionally(stopped());
                } else {
                    result.completeExceptionally(new IllegalStateException("Spark could not run the job of "
                            + candidate.spec().name() + ": " + oneLine(cause), cause));
                }
            } catch (InterruptedException e) {
                action.cancel(true);
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Why the search cannot go on, in one line. */
    private static IllegalStateException stopped() {
        return new IllegalStateException("the Spark context stopped (e.g. no executor could start: see the Spark"
                + " master's and workers' logs); the finished candidates are kept, continue with --resume");
    }

    /** "N attempt(s) failed; last: EXCEPTION: MESSAGE" from Spark's stage-failure message. */
    static String stageFailure(String message) {
        String first = message.lines().findFirst().orElse("");
        Matcher m = STAGE_FAILURE.matcher(first);
        return m.find() ? m.group(1) + " attempt(s) failed; last: " + m.group(2) : first;
    }

    @Override
    public void close() {
        waiters.shutdownNow();
        sc.stop();
    }

    static ScorerFactory factory(String className) {
        try {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            return (ScorerFactory) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(SCORER_FACTORY + " " + className + " is not a ScorerFactory with a"
                    + " public no-argument constructor on the class path: " + e);
        }
    }

    /** The first line of a throwable's description, e.g. "IllegalStateException: out of memory". */
    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getName() + (m.isEmpty() ? "" : ": " + m);
    }
}
