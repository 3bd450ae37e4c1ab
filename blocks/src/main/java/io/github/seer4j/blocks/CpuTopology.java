package io.github.seer4j.blocks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The physical cores this process may run on, as Linux reports them: the CPUs of its affinity mask
 * ({@code Cpus_allowed_list} in {@code /proc/self/status}) counted once per (package, core) pair
 * ({@code /sys/devices/system/cpu/cpuN/topology}), so two SMT siblings count as one core. Read once; 0 where the
 * files are missing (another OS, a restricted container).
 */
final class CpuTopology {

    private static final int PHYSICAL_CORES = read(Path.of("/proc/self/status"), Path.of("/sys/devices/system/cpu"));

    private CpuTopology() {
    }

    /** Physical cores available to this process; 0 when unknown. */
    static int physicalCores() {
        return PHYSICAL_CORES;
    }

    /**
     * Whether {@code threads} threads must share physical cores (SMT siblings): more threads than cores, or a
     * topology that cannot be read (then the answer is the cautious one, true for more than one thread).
     */
    static boolean threadsShareCores(int threads) {
        return threads > 1 && (PHYSICAL_CORES == 0 || threads > PHYSICAL_CORES);
    }

    /** Counts distinct (package, core) pairs among the allowed CPUs; 0 if anything is missing or malformed. */
    static int read(Path status, Path cpuRoot) {
        try {
            String allowed = null;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    allowed = line.substring(line.indexOf(':') + 1).strip();
                }
            }
            if (allowed == null || allowed.isEmpty()) {
                return 0;
            }
            Set<String> cores = new HashSet<>();
            for (int cpu : cpus(allowed)) {
                Path topology = cpuRoot.resolve("cpu" + cpu).resolve("topology");
                String pkg = Files.readString(topology.resolve("physical_package_id")).strip();
                String core = Files.readString(topology.resolve("core_id")).strip();
                cores.add(pkg + "/" + core);
            }
            return cores.size();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The CPU numbers of a Linux CPU list such as {@code 0-3,8,10-11}. */
    static int[] cpus(String list) {
        return java.util.Arrays.stream(list.split(","))
                .map(String::strip)
                .flatMapToInt(range -> {
                    int dash = range.indexOf('-');
                    int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                    int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
                    if (to < from) {
                        throw new IllegalArgumentException("bad CPU range " + range);
                    }
                    return java.util.stream.IntStream.rangeClosed(from, to);
                })
                .toArray();
    }
}
