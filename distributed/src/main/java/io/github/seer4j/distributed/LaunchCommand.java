package io.github.seer4j.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seer4j launch --nproc N pretrain ...}: torchrun's job on one machine. Starts N JVMs running the given seer4j
 * sub-command with {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR}, {@code MASTER_PORT} and
 * {@code LOCAL_RANK} set, forwards their output line by line prefixed with {@code [rank R]}, and returns the first
 * non-zero exit code (a rank that fails makes the others fail within the communication timeout; any still running
 * after the grace period are stopped). The natives are unpacked once in this JVM before the ranks start, or with
 * {@code --cache-per-rank} into a JavaCPP cache folder per rank (two JVMs unpacking into one folder at once crashed).
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Start N processes of a seer4j sub-command on this machine as one data-parallel group "
                + "(e.g. seer4j launch --nproc 2 pretrain --data fashion-mnist --sync-bn).")
public final class LaunchCommand implements Callable<Integer> {

    @Option(names = "--nproc", required = true, description = "processes to start (the world size on this machine)")
    int nproc;

    @Option(names = "--master-port", description = "rendezvous port (default: a free port)")
    Integer masterPort;

    @Option(names = "--grace", defaultValue = "600", description = "seconds the other ranks get to stop by "
            + "themselves after one fails, before they are killed")
    long grace;

    @Option(names = "--cache-per-rank", description = "unpack the natives into a JavaCPP cache folder per rank "
            + "(under this folder) instead of pre-warming the shared cache once")
    Path cachePerRank;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the seer4j sub-command and its arguments")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (nproc < 1) {
            throw new IllegalArgumentException("--nproc must be at least 1, got " + nproc);
        }
        if (cachePerRank == null) {
            prewarm();
        }
        int port = masterPort != null ? masterPort : freePort();
        List<Process> ranks = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        try {
            for (int r = 0; r < nproc; r++) {
                ProcessBuilder pb = new ProcessBuilder(javaCommand(r));
                Map<String, String> env = pb.environment();
                env.put("RANK", Integer.toString(r));
                env.put("LOCAL_RANK", Integer.toString(r));
                env.put("WORLD_SIZE", Integer.toString(nproc));
                env.put("MASTER_ADDR", "127.0.0.1");
                env.put("MASTER_PORT", Integer.toString(port));
                Process p = pb.start();
                ranks.add(p);
                pumps.add(pump(p.getInputStream(), System.out, "[rank " + r + "] "));
                pumps.add(pump(p.getErrorStream(), System.err, "[rank " + r + "] "));
            }
            int code = waitAll(ranks);
            for (Thread t : pumps) {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
            return code;
        } finally {
            for (Process p : ranks) {
                p.destroyForcibly();
            }
        }
    }

    /** Waits for every rank; after the first failure the others get {@code grace} seconds, then are killed. */
    private int waitAll(List<Process> ranks) throws InterruptedException {
        int code = 0;
        long deadline = Long.MAX_VALUE;
        while (true) {
            boolean running = false;
            for (int r = 0; r < ranks.size(); r++) {
                Process p = ranks.get(r);
                if (p.isAlive()) {
                    running = true;
                } else if (p.exitValue() != 0 && code == 0) {
                    code = p.exitValue();
                    System.err.println("seer4j launch: rank " + r + " exited with code " + code
                            + "; the others should stop within their --comm-timeout");
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(grace);
                }
            }
            if (!running) {
                return code;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("seer4j launch: ranks still running " + grace + " s after a failure; stopping them");
                ranks.forEach(Process::destroyForcibly);
                return code;
            }
            Thread.sleep(200);
        }
    }

    private List<String> javaCommand(int rank) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Dorg.bytedeco.javacpp.cachedir=")
                    && !a.startsWith("-Dorg.bytedeco.javacpp.cacheDir=")) {
                cmd.add(a);
            }
        }
        String cache = cachePerRank != null ? cachePerRank.resolve("rank" + rank).toAbsolutePath().toString()
                : System.getProperty("org.bytedeco.javacpp.cachedir", System.getProperty("org.bytedeco.javacpp.cacheDir"));
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.github.seer4j.cli.Seer4j");
        cmd.addAll(command);
        return cmd;
    }

    /** Unpacks ND4J's, oneDNN's and libtorch's natives into the shared JavaCPP cache once, before the ranks start. */
    static void prewarm() {
        org.nd4j.linalg.factory.Nd4j.create(1);
        io.github.seer4j.blocks.Kernels.name();
        TorchNatives.load();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Copies a rank's output to {@code out}, each line (or progress update ending in '\r') prefixed. */
    private static Thread pump(InputStream in, PrintStream out, String prefix) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = r.read()) >= 0) {
                    if (c == '\n' || c == '\r') {
                        if (line.length() > 0) {
                            out.print(prefix + line + (char) c);
                            out.flush();
                            line.setLength(0);
                        }
                    } else {
                        line.append((char) c);
                    }
                }
                if (line.length() > 0) {
                    out.println(prefix + line);
                }
            } catch (IOException e) {
                out.println(prefix + "(output lost: " + e.getMessage() + ")");
            }
        }, "launch-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
