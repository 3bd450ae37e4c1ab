package io.github.seer4j.searchspark;

import io.github.seer4j.search.Candidate;
import io.github.seer4j.search.CandidateScorer;
import io.github.seer4j.search.CandidateWire;
import io.github.seer4j.search.SearchConfig;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task of one candidate: maps its JSON line to {@code "SCORE SECONDS"}, scoring it in the task's thread or
 * in a {@link ScoreWorker} JVM it starts. Any failure throws, so that Spark retries the task.
 */
final class ScoreTask implements Function<String, String> {
    private static final long serialVersionUID = 1L;
    /** Scorers of {@link SparkCandidateExecutor.Isolation#THREAD} tasks, one per factory and configuration per JVM. */
    private static final Map<String, CandidateScorer> SCORERS = new ConcurrentHashMap<>();

    private final String configJson;
    private final String factory;
    private final SparkCandidateExecutor.Isolation isolation;
    private final String[] workerJavaOptions;

    ScoreTask(String configJson, String factory, SparkCandidateExecutor.Isolation isolation,
              String[] workerJavaOptions) {
        this.configJson = configJson;
        this.factory = factory;
        this.isolation = isolation;
        this.workerJavaOptions = workerJavaOptions;
    }

    @Override
    public String call(String line) throws Exception {
        if (isolation == SparkCandidateExecutor.Isolation.THREAD) {
            Candidate candidate = CandidateWire.parseCandidate(line);
            SearchConfig config = CandidateWire.parseConfig(configJson);
            CandidateScorer scorer = SCORERS.computeIfAbsent(factory + "\n" + configJson,
                    k -> SparkCandidateExecutor.factory(factory).create(config));
            long t0 = System.nanoTime();
            double score = scorer.score(candidate);
            return Double.toString(score) + " " + Double.toString((System.nanoTime() - t0) / 1e9);
        }
        return inWorker(line);
    }

    private String inWorker(String line) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("seer4j-candidate-");
        try {
            Path in = dir.resolve("candidate.txt");
            Path out = dir.resolve("result.txt");
            Path log = dir.resolve("worker.log");
            Files.writeString(in, line + "\n" + configJson, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(workerJavaOptions != null ? List.of(workerJavaOptions) : inheritedJavaOptions());
            command.add("-cp");
            command.add(classPath());
            command.add(ScoreWorker.class.getName());
            command.add(factory);
            command.add(in.toString());
            command.add(out.toString());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            TaskContext context = TaskContext.get();
            int cpus = context == null ? 1 : context.cpus();
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(cpus));
            Process p = pb.start();
            int status;
            try {
                status = p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                throw e;
            }
            String result = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8).trim() : "";
            if (status == 0 && result.startsWith("ok ")) {
                return result.substring(3);
            }
            if (result.startsWith("error ")) {
                throw new IllegalStateException(result.substring(6));
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IllegalStateException(String.format(Locale.ROOT, "the worker JVM exited with status %d%s",
                    status, lines.isEmpty() ? "" : "; its last output: " + lines.get(lines.size() - 1)));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The executor JVM's heap options and its JavaCPP properties (also those set at run time, as seer4j's main does). */
    private static List<String> inheritedJavaOptions() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms")) {
                out.add(a);
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("org.bytedeco.")) {
                out.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        return out;
    }

    /** The executor's class path: the JVM's, then the jars Spark added to the task's class loaders. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path")
                .split(File.pathSeparator)));
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if (url.getProtocol().equals("file")) {
                        try {
                            entries.add(Path.of(url.toURI()).toString());
                        } catch (URISyntaxException e) {
                            entries.add(url.getPath());
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
