package io.github.seer4j.distributed;

import io.github.seer4j.blocks.Collective;
import io.github.seer4j.blocks.CollectiveProvider;
import java.time.Duration;

/** The process groups of this module, found by {@link CollectiveProvider#open} through the service loader. */
public final class TorchProviders {

    private TorchProviders() {
    }

    /** Gloo over TCP (CPUs). */
    public static final class Gloo implements CollectiveProvider {
        @Override
        public String backend() {
            return "gloo";
        }

        @Override
        public Collective open(int rank, int worldSize, String masterAddress, int masterPort, Duration timeout) {
            return new GlooCollective(rank, worldSize, masterAddress, masterPort, timeout);
        }
    }

    /** NCCL (CUDA GPUs; built but untested, see {@link NcclCollective}). */
    public static final class Nccl implements CollectiveProvider {
        @Override
        public String backend() {
            return "nccl";
        }

        @Override
        public Collective open(int rank, int worldSize, String masterAddress, int masterPort, Duration timeout) {
            return new NcclCollective(rank, worldSize, masterAddress, masterPort, timeout);
        }
    }
}
