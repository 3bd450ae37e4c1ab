package io.github.seer4j.distributed;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.cli.DistributedOptions;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seer4j launch --nproc 2 bench-allreduce}: milliseconds per all-reduce of FLOAT arrays of several sizes over
 * the group (after warm-up calls), one JSON line per size from rank 0; checks the sums too.
 */
@Command(name = "bench-allreduce", mixinStandardHelpOptions = true,
        description = "Time all-reduces of FLOAT arrays over the process group (run under 'seer4j launch').")
public final class BenchAllreduceCommand implements Callable<Integer> {

    @Mixin
    DistributedOptions distributed = new DistributedOptions();

    @Option(names = "--sizes", split = ",", defaultValue = "1000,100000,1000000,2800000",
            description = "array lengths (floats)")
    long[] sizes;

    @Option(names = "--repeats", defaultValue = "20") int repeats;

    @Override
    public Integer call() {
        try (Collective g = distributed.open()) {
            for (long n : sizes) {
                INDArray x = Nd4j.ones(DataType.FLOAT, n);
                for (int i = 0; i < 3; i++) {
                    g.allReduceSum(x);
                    x.assign(1);
                }
                long total = 0;
                for (int i = 0; i < repeats; i++) {
                    x.assign(1);
                    g.barrier();
                    long t0 = System.nanoTime();
                    g.allReduceSum(x);
                    total += System.nanoTime() - t0;
                }
                if (x.minNumber().doubleValue() != g.worldSize() || x.maxNumber().doubleValue() != g.worldSize()) {
                    throw new IllegalStateException("all-reduce gave a wrong sum for " + n + " floats");
                }
                double ms = total / 1e6 / repeats;
                if (g.rank() == 0) {
                    System.out.printf(Locale.ROOT, "{\"backend\":\"%s\",\"world_size\":%d,\"floats\":%d,\"bytes\":%d,"
                            + "\"ms\":%.3f,\"gb_per_s\":%.3f}%n", g.backend(), g.worldSize(), n, 4 * n, ms,
                            4.0 * n / (ms / 1e3) / 1e9);
                }
            }
        }
        return 0;
    }
}
