package io.github.seer4j.distributed;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.blocks.Parameter;
import io.github.seer4j.train.SwavPretrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One rank of the tests' process groups, started as its own JVM with torchrun's variables (RANK, WORLD_SIZE,
 * MASTER_ADDR, MASTER_PORT) and {@code -Dtimeout.s}:
 * <ul>
 *   <li>{@code swav OUT PAUSE_AT RESUME SEED}: the {@link Fixture} run with synchronised batch norm until PAUSE_AT
 *       iterations, then writes its last step's (all-reduced) gradients to OUT/gradients.rankR.bin;</li>
 *   <li>{@code loop}: all-reduces forever, printing "ready" after the first call (fault tests kill or stop it).</li>
 * </ul>
 */
public final class RankMain {

    public static void main(String[] args) throws Exception {
        int rank = Integer.parseInt(System.getenv("RANK"));
        int world = Integer.parseInt(System.getenv("WORLD_SIZE"));
        Duration timeout = Duration.ofSeconds(Long.getLong("timeout.s", 60));
        try (Collective group = new GlooCollective(rank, world, System.getenv("MASTER_ADDR"),
                Integer.parseInt(System.getenv("MASTER_PORT")), timeout)) {
            if (args[0].equals("loop")) {
                INDArray x = Nd4j.ones(DataType.FLOAT, 1000);
                for (long i = 0; ; i++) {
                    group.allReduceSum(x);
                    x.assign(1);
                    if (i == 0) {
                        System.out.println("ready");
                        System.out.flush();
                    }
                    Thread.sleep(20);
                }
            }
            Path out = Path.of(args[1]);
            SwavPretrainer t = Fixture.trainer(out, Long.parseLong(args[4])).distributed(group, true);
            t.runUntil(Boolean.parseBoolean(args[3]), Long.parseLong(args[2]));
            writeGradients(t, out.resolve("gradients.rank" + rank + ".bin"));
        }
        System.exit(0); // natives' threads must not keep the JVM alive
    }

    /** Every parameter's gradient buffer (the last step's, as the optimizer used it) in parameter order, flattened. */
    static void writeGradients(SwavPretrainer t, Path file) throws java.io.IOException {
        List<INDArray> parts = new ArrayList<>();
        for (Parameter p : t.parameters()) {
            parts.add(p.gradient().reshape(p.size()).castTo(DataType.FLOAT));
        }
        float[] all = Nd4j.concat(0, parts.toArray(new INDArray[0])).toFloatVector();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * all.length);
        b.asFloatBuffer().put(all);
        Files.write(file, b.array());
    }

    static float[] readGradients(Path file) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
