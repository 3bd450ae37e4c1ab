package io.github.seer4j.searchspark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.Constraints;
import io.github.seer4j.search.GeneratorKind;
import io.github.seer4j.search.SearchConfig;
import io.github.seer4j.search.TrainingOptions;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The executor's settings that need no cluster. */
class SparkCandidateExecutorTest {

    @Test
    void localMastersGetRetriesOthersStayAsTheyAre() {
        assertEquals("local[1,4]", SparkCandidateExecutor.withRetries("local", 4));
        assertEquals("local[2,4]", SparkCandidateExecutor.withRetries("local[2]", 4));
        assertEquals("local[*,3]", SparkCandidateExecutor.withRetries("local[*]", 3));
        assertEquals("local[2,7]", SparkCandidateExecutor.withRetries("local[2,7]", 4));
        assertEquals("spark://host:7077", SparkCandidateExecutor.withRetries("spark://host:7077", 4));
        assertEquals("yarn", SparkCandidateExecutor.withRetries("yarn", 4));
    }

    @Test
    void trainingScoresRunInTheirOwnJvmComplexityScoresInTheTask() {
        assertEquals(SparkCandidateExecutor.Isolation.PROCESS, SparkCandidateExecutor.defaultIsolation("supervised"));
        assertEquals(SparkCandidateExecutor.Isolation.PROCESS, SparkCandidateExecutor.defaultIsolation("swav"));
        assertEquals(SparkCandidateExecutor.Isolation.THREAD, SparkCandidateExecutor.defaultIsolation("activations"));
    }

    @Test
    void stageFailureBecomesAttemptsAndTheLastError() {
        String spark = "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times, most recent failure:"
                + " Lost task 0.3 in stage 3.0 (TID 6) (10.0.0.2 executor driver): java.lang.IllegalStateException:"
                + " out of memory\n\tat x.y(Z.java:1)\nDriver stacktrace:";
        assertEquals("4 attempt(s) failed; last: java.lang.IllegalStateException: out of memory",
                SparkCandidateExecutor.stageFailure(spark));
    }

    @Test
    void aScorerFactoryThatCannotBeMadeFailsBeforeSparkStarts() {
        SearchConfig c = new SearchConfig("RegNetY", GeneratorKind.RANDOM, 1, 3, false, "activations",
                Constraints.none(), TrainingOptions.defaults());
        var e = assertThrows(IllegalArgumentException.class, () -> new SparkCandidateExecutor(new SparkConf()
                .setMaster("local[1]").set(SparkCandidateExecutor.SCORER_FACTORY, "no.such.Factory"), c));
        assertTrue(e.getMessage().startsWith("spark.seer4j.scorerFactory no.such.Factory is not a ScorerFactory"),
                e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> new SparkCandidateExecutor(new SparkConf()
                .setMaster("local[1]").set(SparkCandidateExecutor.ISOLATION, "cluster"), c));
        assertEquals("spark.seer4j.isolation must be process or thread, got 'cluster'", bad.getMessage());
    }
}
