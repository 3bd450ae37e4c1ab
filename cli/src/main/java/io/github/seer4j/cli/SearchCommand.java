package io.github.seer4j.cli;


import io.github.seer4j.catalog.Catalog;
import io.github.seer4j.catalog.SpecJson;
import io.github.seer4j.designspace.Constraints;
import io.github.seer4j.designspace.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.github.seer4j.search.CandidateExecutor;
import io.github.seer4j.search.CandidateResult;
import io.github.seer4j.search.CandidateScorer;
import io.github.seer4j.search.GeneratorKind;
import io.github.seer4j.search.Plots;
import io.github.seer4j.search.Scorers;
import io.github.seer4j.search.SearchConfig;
import io.github.seer4j.search.SearchRunner;
import io.github.seer4j.search.TrainingOptions;

/** {@code seer4j search}: sample a design space under a complexity window and score every candidate. */
@Command(name = "search", mixinStandardHelpOptions = true, defaultValueProvider = LibraryDefaults.class,
        description = {"Search a design space with Arbiter: draw candidates inside the complexity windows, score each"
                + " and append it to OUT/results.jsonl as it finishes (one progress line per candidate on stderr).",
            "At the end: OUT/best.json (canonical spec) and OUT/edf.png. Complexity windows are measured at"
                + " --resolution with a --classes-way head (defaults 224 px, 1000 classes): a 40 MF window at 224 px"
                + " means much smaller networks than at 32 px.",
            "Interrupted searches keep every finished candidate; run the same command with --resume to continue.",
            "With --spark MASTER (the search-spark add-on) each candidate is a Spark task; results are appended as"
                + " tasks finish, and a candidate whose every attempt fails is recorded with its error."})
public final class SearchCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    EngineOptions engine = new EngineOptions();
    @Option(names = "--space", required = true,
            description = "RegNetX, RegNetY, AnyNetXA, AnyNetXB, AnyNetXC, AnyNetXD or AnyNetXE")
    String space;

    @Option(names = "--flops-min", description = "e.g. 36e6 or 36MF") String flopsMin;
    @Option(names = "--flops-max", description = "e.g. 44e6 or 44MF") String flopsMax;
    @Option(names = "--params-min", description = "e.g. 2.5e6") String paramsMin;
    @Option(names = "--params-max", description = "e.g. 4e6") String paramsMax;
    @Option(names = "--acts-min", description = "activations, e.g. 1e6") String actsMin;
    @Option(names = "--acts-max", description = "activations, e.g. 3e6") String actsMax;
    @Option(names = "--stages-min", defaultValue = "0", description = "0 = no bound") int stagesMin;
    @Option(names = "--stages-max", defaultValue = "0", description = "0 = no bound") int stagesMax;

    @Option(names = "--resolution", defaultValue = "224",
            description = "input resolution at which the windows are measured (default 224)")
    int resolution;

    @Option(names = "--classes", defaultValue = "1000", description = "head size used for complexity (default 1000)")
    int classes;

    @Option(names = "--n", defaultValue = "32", description = "finished candidates wanted in total (default 32)")
    int n;

    @Option(names = "--score", defaultValue = "activations",
            description = "activations, params, flops (complexity, ms per candidate), supervised or swav")
    String score;

    @Option(names = "--epochs", description = "epochs per candidate for training scores")
    int epochs;

    @Option(names = "--data", description = "data set for training scores")
    String data;

    @Option(names = "--train-images",
            description = "supervised score: class-balanced training subset of Fashion-MNIST (default ${DEFAULT-VALUE} of 60000)")
    int trainImages;

    @Option(names = "--test-images",
            description = "supervised score: first N test images for the top-1 error (default ${DEFAULT-VALUE} of 10000)")
    int testImages;

    @Option(names = "--lr", description = "supervised score: peak learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random generator (default 1)")
    long seed;

    @Option(names = "--generator", defaultValue = "random", description = "random (seeded) or grid (sequential)")
    String generator;

    @Option(names = "--grid-points", defaultValue = "3", description = "grid values per continuous parameter")
    int gridPoints;

    @Option(names = "--max-time", description = "wall-time limit, e.g. 90s, 20m, 2h (default none)")
    String maxTime;

    @Option(names = "--out", required = true, description = "output directory, e.g. runs/search1") Path out;

    @Option(names = "--resume", description = "continue the search in --out (same options)") boolean resume;

    @Option(names = "--repair", description = "scale the widths of a draw that misses the flop window until it fits,"
            + " instead of rejecting it (faster for narrow windows; changes the sampled distribution)")
    boolean repair;

    @Option(names = "--spark", paramLabel = "MASTER", description = "score the candidates as Spark tasks on MASTER,"
            + " e.g. local[2] or spark://host:7077, with the same scores as without (needs the search-spark add-on;"
            + " see docs/search-spark.md)")
    String spark;

    /** The one-line error of {@code --spark} without the add-on. */
    static final String NO_SPARK = "--spark needs the search-spark add-on on the class path: build it with 'mvn -pl"
            + " search-spark -am package', unpack search-spark/target/seer4j-search-spark-*-addon.tar.gz into the"
            + " distribution and run bin/seer4j-spark (docs/search-spark.md)";

    /** The training scores' settings from the options. */
    TrainingOptions training() {
        return new TrainingOptions(epochs, data, trainImages, testImages, learningRate);
    }

    @Override
    public Integer call() {
        engine.apply();
        Constraints constraints = new Constraints(resolution, classes, count(flopsMin), count(flopsMax),
                count(paramsMin), count(paramsMax), count(actsMin), count(actsMax), stagesMin, stagesMax);
        TrainingOptions training = training();
        CandidateScorer scorer = Scorers.named(score, training, seed);
        SearchConfig config = new SearchConfig(space, GeneratorKind.parse(generator), seed, gridPoints,
                repair, scorer.scoreName(), constraints, training);
        Duration limit = duration(maxTime);
        SearchRunner.Summary summary;
        try (CandidateExecutor executor = executor(config, scorer)) {
            summary = new SearchRunner(config, scorer, executor, out, System.err::println).run(n, limit, resume);
        }
        if (summary.results().isEmpty()) {
            System.out.println("no candidate finished (" + summary.stop() + ")");
            return 1;
        }
        CandidateResult best = summary.best();
        Catalog.writeFile(out.resolve("best.json"), SpecJson.write(best.spec(), resolution));
        Plots.edf(List.of(new Plots.Series(config.space(), summary.results().stream()
                        .mapToDouble(CandidateResult::score).toArray())), scorer.label() + " at " + resolution + " px",
                "EDF of " + scorer.scoreName() + ": " + config.space() + ", " + constraints, out.resolve("edf.png"));
        System.out.printf(Locale.ROOT, "%s: %d candidates (%d new, %d draws%s), stopped by %s; best %s %s = %s (%s)%n"
                        + "wrote %s, %s, %s%n", config.space(), summary.results().size(), summary.added(),
                summary.draws(), summary.failed().isEmpty() ? "" : ", " + summary.failed().size() + " failed",
                summary.stop().name().toLowerCase(Locale.ROOT), best.name(), scorer.scoreName(),
                best.score(), Units.flops(best.complexity().flops()), out.resolve("results.jsonl"),
                out.resolve("best.json"), out.resolve("edf.png"));
        return 0;
    }

    private CandidateExecutor executor(SearchConfig config, CandidateScorer scorer) {
        if (spark == null) {
            return CandidateExecutor.sequential(scorer);
        }
        if (spark.isBlank()) {
            throw Seer4j.bad("--spark needs a master URL, e.g. local[2] or spark://host:7077");
        }
        CandidateExecutor.Provider provider = CandidateExecutor.provider("spark");
        if (provider == null) {
            throw Seer4j.bad(NO_SPARK);
        }
        return provider.open(spark, config, System.err::println);
    }

    private static double count(String text) {
        return text == null ? 0 : Units.parseCount(text);
    }

    static Duration duration(String text) {
        if (text == null) {
            return null;
        }
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|h)?").matcher(text.trim()
                .toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw Seer4j.bad("--max-time must look like 90s, 20m or 2h, got '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double seconds = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
