package io.github.seer4j.blocks;

import java.time.Duration;
import java.util.ServiceLoader;

/**
 * Opens process groups of a given backend ("gloo", "nccl"); implementations come from optional modules (e.g.
 * {@code seer4j-distributed}) through {@link ServiceLoader}, listed in their
 * {@code META-INF/services/io.github.seer4j.blocks.CollectiveProvider}, so the core stays free of their natives.
 */
public interface CollectiveProvider {

    /** The backend this provider opens, e.g. "gloo". */
    String backend();

    /**
     * Joins the group of {@code worldSize} processes as {@code rank}, meeting at the rank-0 process's
     * {@code masterAddress:masterPort} (as torchrun's MASTER_ADDR/MASTER_PORT); collective calls fail after
     * {@code timeout} without an answer from a peer.
     */
    Collective open(int rank, int worldSize, String masterAddress, int masterPort, Duration timeout);

    /** Opens a group with the provider of {@code backend} found on the class path, or fails naming what is missing. */
    static Collective open(String backend, int rank, int worldSize, String masterAddress, int masterPort,
            Duration timeout) {
        StringBuilder found = new StringBuilder();
        for (CollectiveProvider p : ServiceLoader.load(CollectiveProvider.class)) {
            if (p.backend().equalsIgnoreCase(backend)) {
                return p.open(rank, worldSize, masterAddress, masterPort, timeout);
            }
            found.append(found.length() == 0 ? "" : ", ").append(p.backend());
        }
        throw new IllegalArgumentException("no '" + backend + "' process group on the class path (found: "
                + (found.length() == 0 ? "none" : found) + "); a world size above 1 needs the seer4j-distributed "
                + "module: run distributed/seer4j-distributed (launch or pretrain), or put that module's jar and "
                + "dependencies on the class path");
    }
}
