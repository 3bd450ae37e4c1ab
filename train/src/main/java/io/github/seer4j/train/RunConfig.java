package io.github.seer4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.designspace.NetworkSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration a run records in each checkpoint: every setting that shapes the saved state or the path training
 * takes (model, head, prototypes, crops, batch, queue, optimizer, Sinkhorn, seed, data size), keyed by the command-line
 * option that sets it. What may change on resume ({@link #CHANGEABLE}: steps, epochs, checkpoint interval, workers and
 * the warm-up and prototype freezing that scale with the run's length) is not recorded.
 */
public final class RunConfig {

    /** Settings a resumed run may change; they do not shape the saved state. */
    public static final Set<String> CHANGEABLE = Set.of("--steps", "--epochs", "--checkpoint-every", "--workers",
            "--warmup-epochs", "--warmup-iterations", "--freeze-prototypes");

    /** The key whose value is the trunk's spec as JSON (what {@link CheckpointFile#readTrunk} rebuilds). */
    public static final String SPEC = "spec";
    /** The key of the trunk's data type (FLOAT or DOUBLE). */
    public static final String DATA_TYPE = "data-type";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunConfig() {}

    /**
     * @param trunk  the trunk's spec as built (input channels and head applied)
     * @param images images in the data set (fixes the steps per epoch, hence where a resumed run continues)
     */
    public static Map<String, String> of(NetworkSpec trunk, String dataType, PretrainConfig c, int images) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", trunk.name());
        try {
            m.put(SPEC, JSON.writeValueAsString(trunk));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the spec of " + trunk.name() + " cannot be written as JSON", e);
        }
        m.put(DATA_TYPE, dataType);
        m.put("--data (images)", Integer.toString(images));
        m.put("--batch", Integer.toString(c.batchSize()));
        m.put("--crops", c.crops());
        m.put("--global-scale", list(c.globalScale()));
        m.put("--local-scale", list(c.localScale()));
        m.put("--head", Arrays.stream(c.headDims()).mapToObj(Integer::toString).reduce((a, b) -> a + "," + b)
                .orElse(""));
        m.put("--no-head-bn", Boolean.toString(!c.headBatchNorm()));
        m.put("--prototypes", Integer.toString(c.prototypes()));
        m.put("--queue", Integer.toString(c.queueLength()));
        m.put("--queue-start-epoch", Integer.toString(c.queueStartEpoch()));
        m.put("--queue-start-iteration", Long.toString(c.queueStartIteration()));
        m.put("--epsilon", num(c.epsilon()));
        m.put("--sinkhorn-iterations", Integer.toString(c.sinkhornIterations()));
        m.put("--temperature", num(c.temperature()));
        m.put("--lr", num(c.baseLr()));
        m.put("--final-lr", num(c.finalLr()));
        m.put("--start-warmup", num(c.startWarmup()));
        m.put("--weight-decay", num(c.weightDecay()));
        m.put("--larc-trust", num(c.larcTrust()));
        m.put("--no-larc-clip", Boolean.toString(!c.larcClip()));
        m.put("--seed", Long.toString(c.seed()));
        return m;
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static String list(double[] v) {
        return num(v[0]) + "," + num(v[1]);
    }
}
