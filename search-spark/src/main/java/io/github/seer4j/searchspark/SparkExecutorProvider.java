package io.github.seer4j.searchspark;

import io.github.seer4j.search.CandidateExecutor;
import io.github.seer4j.search.SearchConfig;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;

/**
 * {@code seer4j search --spark MASTER}: found by the command line through {@link java.util.ServiceLoader}. Spark
 * settings come from {@code -Dspark.*} JVM options (e.g. {@code SEER4J_OPTS="-Dspark.task.maxFailures=2"}).
 */
public final class SparkExecutorProvider implements CandidateExecutor.Provider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public CandidateExecutor open(String target, SearchConfig config, Consumer<String> progress) {
        SparkConf conf = new SparkConf().setMaster(target);
        SparkCandidateExecutor executor = new SparkCandidateExecutor(conf, config);
        progress.accept("spark: master " + conf.get("spark.master") + ", " + executor.parallelism()
                + " task slot(s), " + conf.get("spark.task.maxFailures", "4") + " attempt(s) per candidate");
        return executor;
    }
}
