package io.github.seer4j.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Separate JVMs running {@link RankMain}, one per rank, on 127.0.0.1; output in files under a folder. */
final class Ranks implements AutoCloseable {

    final List<Process> processes = new ArrayList<>();
    final Path logs;

    private Ranks(Path logs) {
        this.logs = logs;
    }

    /** Starts one JVM per argument list; {@code worldSizes[r]} is rank r's WORLD_SIZE. */
    static Ranks start(Path logs, long timeoutSeconds, int[] worldSizes, List<List<String>> args) throws IOException {
        Files.createDirectories(logs);
        Ranks ranks = new Ranks(logs);
        int port = LaunchCommand.freePort();
        for (int r = 0; r < args.size(); r++) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=2g",
                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-Dtimeout.s=" + timeoutSeconds, "-cp",
                    System.getProperty("java.class.path"), RankMain.class.getName()));
            cmd.addAll(args.get(r));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.put("RANK", Integer.toString(r));
            env.put("WORLD_SIZE", Integer.toString(worldSizes[r]));
            env.put("MASTER_ADDR", "127.0.0.1");
            env.put("MASTER_PORT", Integer.toString(port));
            env.put("OMP_NUM_THREADS", "1");
            pb.redirectOutput(logs.resolve("rank" + r + ".out").toFile());
            pb.redirectError(logs.resolve("rank" + r + ".err").toFile());
            ranks.processes.add(pb.start());
        }
        return ranks;
    }

    /** Waits for rank r's exit code, failing after the given seconds. */
    int exitCode(int r, long seconds) throws InterruptedException {
        Process p = processes.get(r);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("rank " + r + " still running after " + seconds + " s; " + tail(r));
        }
        return p.exitValue();
    }

    String out(int r) throws IOException {
        return Files.readString(logs.resolve("rank" + r + ".out"));
    }

    String err(int r) throws IOException {
        return Files.readString(logs.resolve("rank" + r + ".err"));
    }

    String tail(int r) {
        try {
            String e = err(r);
            return "rank " + r + " stderr: " + e.substring(Math.max(0, e.length() - 3000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until rank r has printed {@code text} to stdout. */
    void awaitOutput(int r, String text, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!out(r).contains(text)) {
            if (System.nanoTime() > end || !processes.get(r).isAlive() && !out(r).contains(text)) {
                throw new AssertionError("rank " + r + " did not print '" + text + "'; " + tail(r));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
