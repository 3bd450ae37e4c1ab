package io.github.seer4j.regnet;

import io.github.seer4j.blocks.EngineThreads;
import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import io.github.seer4j.designspace.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times training steps of a {@link RegNetNetwork} on synthetic data: forward (training mode), a fixed loss gradient,
 * backward, and a plain SGD update, after warm-up; measures the machine's single-thread gemm rate in the same run (the
 * better of ND4J's BLAS and oneDNN's sgemm; {@code efficiency} is the model's flops/s over it). All flop
 * numbers count one multiply-add as one flop (pycls's convention), so {@code efficiency} compares like with like.
 */
public final class StepBenchmark {

    /** What to run. */
    /**
     * What to run. Warm-up runs untimed steps until both {@code warmup} steps and {@code warmupSeconds} have passed:
     * the JIT compiles the Java kernels' loops over the first seconds (measured on 2 cores: 130 ms per step after 10
     * RegNetY-200MF steps, 80-100 ms after 40-80), and a benchmark reports the steady state.
     */
    public record Settings(NetworkSpec spec, int resolution, int batch, int channels, int steps, int warmup,
                           double warmupSeconds, boolean workspace, DataType dataType, boolean profile,
                           int threads) {
        /** The engine's current thread count ({@link EngineThreads#threads()}). */
        public Settings(NetworkSpec spec, int resolution, int batch, int channels, int steps, int warmup,
                        double warmupSeconds, boolean workspace, DataType dataType, boolean profile) {
            this(spec, resolution, batch, channels, steps, warmup, warmupSeconds, workspace, dataType, profile,
                    EngineThreads.threads());
        }

        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (resolution < 1 || batch < 2 || channels < 1 || steps < 1 || warmup < 0 || !(warmupSeconds >= 0)) {
                throw new IllegalArgumentException("need resolution >= 1, batch >= 2 (batch norm), channels >= 1, "
                        + "steps >= 1, warmup >= 0, warmup seconds >= 0; got " + resolution + ", " + batch + ", "
                        + channels + ", " + steps + ", " + warmup + ", " + warmupSeconds);
            }
        }
    }

    /** Measured numbers; times in milliseconds per step, bytes from JavaCPP's off-heap accounting. */
    public record Result(String model, int resolution, int batch, int channels, int steps, boolean workspace,
                         long parameters, long forwardFlopsPerImage, double imagesPerSecond,
                         double modelFlopsPerSecond, double gemmFlopsPerSecond, double nd4jGemmFlopsPerSecond,
                         double oneDnnGemmFlopsPerSecond, double efficiency,
                         double stepMillis, double forwardMillis, double backwardMillis, double updateMillis,
                         long peakOffHeapBytes, long peakOffHeapBytesPerImage, long offHeapGrowthPerStepBytes,
                         long stepWorkspaceBytes, long peakProcessResidentBytes, int threads, int physicalCores, String kernels,
                         String convolutions, long heapBytesPerStep, double callerCpuMillisPerStep, double helperCpuMillisPerStep,
                         String flopConvention, java.util.Map<String, Double> profileMillis) {
    }

    private StepBenchmark() {
    }

    public static Result run(Settings s) {
        int previousThreads = EngineThreads.threads();
        EngineThreads.set(s.threads());
        try {
            return runWithThreads(s);
        } finally {
            EngineThreads.set(previousThreads);
        }
    }

    private static Result runWithThreads(Settings s) {
        NetworkSpec spec = s.spec().withInputChannels(s.channels());
        RegNetNetwork net = RegNetNetwork.build(spec, RegNetOptions.defaults().withDataType(s.dataType()).withSeed(1));
        Nd4j.getRandom().setSeed(7);
        INDArray images = Nd4j.rand(s.dataType(), s.batch(), s.channels(), s.resolution(), s.resolution());
        INDArray gradOut = Nd4j.rand(s.dataType(), s.batch(), net.outputWidth()).subi(0.5).muli(1.0 / s.batch());
        long warmStart = System.nanoTime();
        int warmSteps = 0;
        while (warmSteps < s.warmup() || System.nanoTime() - warmStart < s.warmupSeconds() * 1e9) {
            step(net, images, gradOut, s.workspace(), new long[3]);
            warmSteps++;
        }
        long peak = offHeapBytes();
        long peakRss = Pointer.physicalBytes();
        long afterFirst = 0;
        long[] phases = new long[3];
        io.github.seer4j.blocks.StepProfile.reset();
        io.github.seer4j.blocks.StepProfile.enable(s.profile());
        long heap0 = heapAllocatedBytes();
        long caller0 = callerCpuNanos();
        long helpers0 = helperCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) {
            step(net, images, gradOut, s.workspace(), phases);
            long now = offHeapBytes();
            peak = Math.max(peak, now);
            peakRss = Math.max(peakRss, Pointer.physicalBytes());
            if (i == 0) {
                afterFirst = now;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heapPerStep = (heapAllocatedBytes() - heap0) / s.steps();
        double callerCpu = (callerCpuNanos() - caller0) / 1e6 / s.steps();
        double helperCpu = (helperCpuNanos() - helpers0) / 1e6 / s.steps();
        io.github.seer4j.blocks.StepProfile.enable(false);
        long growth = s.steps() > 1 ? (offHeapBytes() - afterFirst) / (s.steps() - 1) : 0;
        double ips = s.batch() * s.steps() / seconds;
        long flops = spec.complexity(s.resolution()).flops();
        double model = 3.0 * flops * ips;
        double nd4jGemm = gemmRate(s.dataType());
        double oneDnnGemm = s.dataType() == DataType.FLOAT ? io.github.seer4j.blocks.Kernels.oneDnnGemmRate() : 0;
        double gemm = Math.max(nd4jGemm, oneDnnGemm);
        return new Result(spec.name(), s.resolution(), s.batch(), s.channels(), s.steps(), s.workspace(),
                net.parameterCount(), flops, ips, model, gemm, nd4jGemm, oneDnnGemm, model / gemm, seconds * 1e3 / s.steps(),
                phases[0] / 1e6 / s.steps(), phases[1] / 1e6 / s.steps(), phases[2] / 1e6 / s.steps(),
                peak, peak / s.batch(), growth, workspaceBytes(s.workspace()), peakRss, s.threads(), EngineThreads.physicalCores(),
                io.github.seer4j.blocks.Kernels.name(),
                io.github.seer4j.blocks.Kernels.convolutions(), heapPerStep, callerCpu, helperCpu, "multiply-add = 1 flop (pycls)",
                io.github.seer4j.blocks.StepProfile.millisPerStep(s.steps()));
    }

    private static void step(RegNetNetwork net, INDArray images, INDArray gradOut, boolean workspace, long[] phases) {
        MemoryWorkspace ws = workspace ? net.openStepWorkspace() : null;
        try {
            long a = System.nanoTime();
            ForwardPass pass = net.forward(images, Mode.TRAINING);
            long b = System.nanoTime();
            net.zeroGradients();
            pass.backwardParameters(gradOut); // like PyTorch: images do not require grad
            long c = System.nanoTime();
            for (Parameter p : net.parameters()) { // plain SGD, in place (PyTorch's param.add_(grad, alpha=-lr))
                io.github.seer4j.blocks.HostArrays.axpy(-0.01, p.gradient(), p.value());
            }
            long d = System.nanoTime();
            phases[0] += b - a;
            phases[1] += c - b;
            phases[2] += d - c;
        } finally {
            if (ws != null) {
                ws.close();
            }
        }
    }

    /**
     * Java heap bytes allocated so far by all live threads (HotSpot's per-thread counters), or -1 where the JVM does
     * not count them. The difference over the timed steps is the heap garbage a step makes.
     */
    static long heapAllocatedBytes() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        sun.setThreadAllocatedMemoryEnabled(true);
        long total = 0;
        for (long bytes : sun.getThreadAllocatedBytes(bean.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    /** CPU time of the calling thread (which runs the step and its share of every split kernel), in ns. */
    private static long callerCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * CPU time of the engine's helper threads ({@code seer4j-kernel-*}) so far, in ns: with the caller's, how the
     * step's work divides between threads whatever else loads the machine.
     */
    private static long helperCpuNanos() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("seer4j-kernel-")) {
                total += Math.max(0, bean.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** Off-heap bytes ND4J holds: JavaCPP-tracked allocations plus this thread's workspaces. */
    public static long offHeapBytes() {
        return Pointer.totalBytes() + workspaceBytes();
    }

    private static long workspaceBytes(boolean workspace) {
        return workspace ? workspaceBytes() : 0;
    }

    /** Bytes currently held by this thread's ND4J workspaces. */
    public static long workspaceBytes() {
        long ws = 0;
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            ws += w.getCurrentSize();
        }
        return ws;
    }

    /** Multiply-adds per second of Nd4j.gemm on 1024 x 1024 matrices (best of several timed runs). */
    static double gemmRate(DataType type) {
        int n = 1024;
        INDArray a = Nd4j.rand(type, n, n);
        INDArray b = Nd4j.rand(type, n, n);
        INDArray c = Nd4j.createUninitialized(type, new long[] {n, n}, 'f');
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double sec = (System.nanoTime() - t) / 1e9;
            if (i >= 1) {
                rates.add((double) n * n * n / sec);
            }
        }
        return rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
