package io.github.seer4j.cli;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.blocks.CollectiveProvider;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Data-parallel options of {@code pretrain}, read as torchrun sets them: {@code RANK}, {@code WORLD_SIZE},
 * {@code MASTER_ADDR}, {@code MASTER_PORT} from the environment unless given here. A world size above 1 opens a
 * process group from the optional seer4j-distributed module (see docs/distributed.md).
 */
public final class DistributedOptions {

    @Option(names = "--rank", description = "this process's rank (default: $RANK, else 0)")
    Integer rank;

    @Option(names = "--world-size", description = "number of processes (default: $WORLD_SIZE, else 1)")
    Integer worldSize;

    @Option(names = "--master", description = "HOST:PORT where rank 0 serves the rendezvous (default: "
            + "$MASTER_ADDR:$MASTER_PORT, else 127.0.0.1:29500)")
    String master;

    @Option(names = "--backend", defaultValue = "gloo", description = "process group: gloo (CPUs) or nccl (GPUs, "
            + "untested)")
    String backend;

    @Option(names = "--sync-bn", description = "batch norm with the statistics of the global batch (all ranks)")
    boolean syncBn;

    /** Whether --sync-bn was given. */
    public boolean syncBatchNorm() {
        return syncBn;
    }

    @Option(names = "--comm-timeout", defaultValue = "300", description = "seconds a collective call waits for the "
            + "other ranks before the run stops with an error")
    long commTimeout;

    /** This process's rank (--rank, else $RANK, else 0), known before the group is opened. */
    int rank() {
        return rank != null ? rank : intEnv(System.getenv(), "RANK", 0);
    }

    /** The process group these options describe: one process unless the world size is above 1. */
    public Collective open() {
        return open(System.getenv());
    }

    Collective open(Map<String, String> env) {
        int world = worldSize != null ? worldSize : intEnv(env, "WORLD_SIZE", 1);
        int r = rank != null ? rank : intEnv(env, "RANK", 0);
        if (world < 1 || r < 0 || r >= world) {
            throw new IllegalArgumentException("rank must be in 0.." + (world - 1) + " for a world size of " + world
                    + ", got " + r + "; check --rank/--world-size (or RANK/WORLD_SIZE)");
        }
        if (commTimeout < 1) {
            throw new IllegalArgumentException("--comm-timeout must be at least 1 second, got " + commTimeout);
        }
        if (world == 1) {
            return Collective.single();
        }
        String host = env.getOrDefault("MASTER_ADDR", "127.0.0.1");
        int port = intEnv(env, "MASTER_PORT", 29500);
        if (master != null) {
            int colon = master.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("--master must be HOST:PORT, got " + master);
            }
            host = master.substring(0, colon);
            port = parse("--master's port", master.substring(colon + 1));
        }
        return CollectiveProvider.open(backend, r, world, host, port, Duration.ofSeconds(commTimeout));
    }

    private static int intEnv(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : parse(name, v.strip());
    }

    private static int parse(String what, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an integer, got '" + v + "'");
        }
    }
}
