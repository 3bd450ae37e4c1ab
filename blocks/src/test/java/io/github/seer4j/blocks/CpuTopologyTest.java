package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Physical cores from made-up /proc and /sys trees laid out as Linux lays them out. */
class CpuTopologyTest {

    @Test
    void cpuLists() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 10, 11}, CpuTopology.cpus("0-3,8,10-11"));
        assertArrayEquals(new int[] {5}, CpuTopology.cpus("5"));
    }

    @Test
    void smtSiblingsCountAsOneCoreSeparateCoresEach(@TempDir Path dir) throws IOException {
        Path status = status(dir, "0-1");
        // 2 CPUs, hyperthreads of core 0 (a 2-vCPU cloud machine with SMT)
        cpu(dir, 0, 0, 0);
        cpu(dir, 1, 0, 0);
        assertEquals(1, CpuTopology.read(status, dir));
        // 2 CPUs on cores 0 and 1
        cpu(dir, 1, 0, 1);
        assertEquals(2, CpuTopology.read(status, dir));
    }

    @Test
    void onlyTheAffinityMaskCounts(@TempDir Path dir) throws IOException {
        // 2 cores x 2 threads, CPUs 0 and 2 are siblings of core 0; the process may run on 0 and 2 only
        cpu(dir, 0, 0, 0);
        cpu(dir, 1, 0, 1);
        cpu(dir, 2, 0, 0);
        cpu(dir, 3, 0, 1);
        assertEquals(1, CpuTopology.read(status(dir, "0,2"), dir));
        assertEquals(2, CpuTopology.read(status(dir, "0-3"), dir));
        // the same core number on two packages is two cores
        cpu(dir, 3, 1, 0);
        assertEquals(2, CpuTopology.read(status(dir, "2-3"), dir));
    }

    @Test
    void unknownWhenFilesAreMissing(@TempDir Path dir) throws IOException {
        assertEquals(0, CpuTopology.read(dir.resolve("no-status"), dir));
        assertEquals(0, CpuTopology.read(status(dir, "0"), dir));
    }

    @Test
    void sharingFollowsTheCount() {
        assertFalse(CpuTopology.threadsShareCores(1));
        int cores = CpuTopology.physicalCores();
        if (cores > 0) {
            assertFalse(CpuTopology.threadsShareCores(cores));
            assertTrue(CpuTopology.threadsShareCores(cores + 1));
        } else {
            assertTrue(CpuTopology.threadsShareCores(2));
        }
    }

    private static Path status(Path dir, String allowed) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nCpus_allowed:\tf\nCpus_allowed_list:\t" + allowed + "\n");
        return status;
    }

    private static void cpu(Path dir, int cpu, int pkg, int core) throws IOException {
        Path t = Files.createDirectories(dir.resolve("cpu" + cpu).resolve("topology"));
        Files.writeString(t.resolve("physical_package_id"), pkg + "\n");
        Files.writeString(t.resolve("core_id"), core + "\n");
    }
}
