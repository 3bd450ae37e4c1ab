package io.github.seer4j.regnet;

import io.github.seer4j.blocks.ChannelsLast;
import io.github.seer4j.blocks.Head;
import io.github.seer4j.blocks.Init;
import io.github.seer4j.blocks.Layer;
import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import io.github.seer4j.blocks.PassContext;
import io.github.seer4j.blocks.ResBottleneckBlock;
import io.github.seer4j.blocks.SimpleStem;
import io.github.seer4j.blocks.Traced;
import io.github.seer4j.designspace.BlockSpec;
import io.github.seer4j.designspace.NetworkSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trainable RegNet (X or Y, any designspace spec) on ND4J: simple stem, residual bottleneck blocks, head. Images come
 * in as NCHW; the layers run on NHWC (channels last), where a 1x1 convolution is one matrix product over all pixels. Forward works at any input resolution (global pooling at the end); {@link Mode#TRAINING} uses and
 * updates batch-norm batch statistics, {@link Mode#INFERENCE} uses the running ones.
 *
 * <pre>{@code
 * RegNetNetwork net = RegNetNetwork.build(RegNet.named("RegNetY-200MF"), RegNetOptions.defaults().withoutHead());
 * try (MemoryWorkspace ws = net.openStepWorkspace()) {        // optional: reuses step memory, ~1.5x faster
 *     net.zeroGradients();
 *     ForwardPass pass = net.forward(images, Mode.TRAINING);  // [N, C] pooled features (no head)
 *     INDArray dLossDFeatures = ...;                          // from the loss
 *     pass.backward(dLossDFeatures);                          // adds into every Parameter.gradient()
 *     optimizer.step(net.parameters());
 * }                                                           // detach() anything kept beyond the scope
 * }</pre>
 *
 * Parameters and buffers are plain {@link INDArray}s allocated outside any workspace; {@link #parameters()} and
 * {@link #buffers()} expose them by pycls-style names for power users (DL4J/SameDiff interop, custom optimizers).
 */
public final class RegNetNetwork {

    /** Workspace used by {@link #openStepWorkspace()}: learns the step's size on the first loop, then reuses it. */
    public static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder().initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.STRICT)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE).build();
    private static final String STEP_WORKSPACE_ID = "SEER4J_STEP";

    private final NetworkSpec spec;
    private final DataType dataType;
    private final SimpleStem stem;
    private final List<ResBottleneckBlock> blocks;
    private final Head head;
    private final List<Parameter> parameters;
    /** Counts {@link #forward(List, Mode)} calls: a worker's memory belongs to the latest one. */
    private long passGeneration;
    /** Threads for concurrent passes, when set ({@link #passThreads(int)}, {@code -Dseer4j.passThreads}); else 0. */
    private int passThreads = Integer.getInteger("seer4j.passThreads", 0);

    private RegNetNetwork(NetworkSpec spec, DataType dataType, long seed) {
        this.spec = spec;
        this.dataType = dataType;
        Init init = new Init(seed, dataType);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            stem = new SimpleStem("stem", spec.stem(), init);
            List<ResBottleneckBlock> bs = new ArrayList<>();
            for (BlockSpec b : spec.blocks()) {
                bs.add(new ResBottleneckBlock("s" + (b.stage() + 1) + ".b" + (b.index() + 1), b, init));
            }
            blocks = List.copyOf(bs);
            head = new Head("head", spec.outputWidth(), spec.head().numClasses(), init);
        }
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers()) {
            ps.addAll(l.parameters());
        }
        parameters = Collections.unmodifiableList(ps);
    }

    /** Builds the network described by {@code spec} with the options' overrides (channels, head, type, seed). */
    public static RegNetNetwork build(NetworkSpec spec, RegNetOptions options) {
        if (spec == null || options == null) {
            throw new IllegalArgumentException("spec and options are required; use RegNetOptions.defaults()");
        }
        return new RegNetNetwork(options.apply(spec), options.dataType(), options.seed());
    }

    /** Builds with {@link RegNetOptions#defaults()}. */
    public static RegNetNetwork build(NetworkSpec spec) {
        return build(spec, RegNetOptions.defaults());
    }

    /** The spec this network was built from, with the options applied (input channels, head). */
    public NetworkSpec spec() {
        return spec;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Input channels the stem expects. */
    public int inputChannels() {
        return spec.stem().inChannels();
    }

    /** Width of {@link #forward}'s output: classes, or the last stage's width when there is no head. */
    public int outputWidth() {
        return spec.head().present() ? spec.head().numClasses() : spec.outputWidth();
    }

    /**
     * Runs the network on images [N, inputChannels, H, W] (any H, W >= 1, the network's data type) and records the
     * pass for {@link ForwardPass#backward}. Output: [N, classes], or [N, C] pooled trunk features without a head.
     */
    public ForwardPass forward(INDArray images, Mode mode) {
        checkImages(images);
        List<Traced> trace = new ArrayList<>(blocks.size() + 2);
        INDArray x = channelsLast(images);
        for (Layer l : layers()) {
            Traced t = l.forward(x, mode);
            trace.add(t);
            x = t.output();
        }
        return new ForwardPass(new Traced(x, g -> {
            INDArray grad = g;
            for (int i = trace.size() - 1; i >= 0; i--) {
                grad = trace.get(i).backprop().apply(grad);
            }
            return grad == null ? null : ChannelsLast.toNchw(grad); // null: images' gradient skipped
        }));
    }

    /**
     * Runs one pass per group of images (e.g. SwAV's crops of each resolution), concurrently on up to
     * {@link #passThreads()} threads: the first on the calling thread, the others on worker threads, each in its own
     * step workspace until the pass is back-propagated (the next call reuses that memory, so back-propagate, or
     * {@code detach()} the outputs you keep, before calling again). Batch-norm running statistics are updated in group order once all passes are done, so
     * the result is the same as calling {@link #forward(INDArray, Mode)} for each group in order. Back-propagate
     * the passes together with {@link #backward(List, List)}.
     */
    public List<ForwardPass> forward(List<INDArray> groups, Mode mode) {
        int passThreads = passThreadsFor(groups);
        if (groups.size() >= 2 && passThreads >= 2 && mode.training()
                && io.github.seer4j.blocks.SyncBatchNorm.current() != null) {
            throw new IllegalStateException("synchronised batch norm needs the passes one after the other: "
                    + "set passThreads(1) on the network");
        }
        if (groups.size() < 2 || passThreads < 2) {
            List<ForwardPass> out = new ArrayList<>();
            for (INDArray g : groups) {
                out.add(forward(g, mode));
            }
            return out;
        }
        List<PassContext> contexts = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            contexts.add(new PassContext(i));
        }
        long generation = ++passGeneration;
        List<ForwardPass> passes = concurrently(groups.size(), i -> {
            PassContext c = contexts.get(i);
            if (i > 0 && mode.training()) {
                PassWorkers.openWorkspace(); // closed after this pass's backward (or by the next forward)
            }
            return c.run(() -> new ForwardPass(forward(groups.get(i), mode).traced(), c, generation));
        });
        contexts.forEach(PassContext::applyDeferred);
        return passes;
    }

    /**
     * Back-propagates passes made by {@link #forward(List, Mode)}, each with its dLoss/dOutput, concurrently as they
     * ran; the parameter gradients are the sum of all passes' (added in pass order). Returns each input gradient.
     */
    public List<INDArray> backward(List<ForwardPass> passes, List<INDArray> gradOutputs) {
        return backward(passes, gradOutputs, true);
    }

    /**
     * {@link #backward(List, List)} for training: adds the parameter gradients without computing the gradient with
     * respect to the input images (as PyTorch skips it for inputs that do not require grad).
     */
    public void backwardParameters(List<ForwardPass> passes, List<INDArray> gradOutputs) {
        backward(passes, gradOutputs, false);
    }

    private List<INDArray> backward(List<ForwardPass> passes, List<INDArray> gradOutputs, boolean images) {
        if (passes.size() != gradOutputs.size()) {
            throw new IllegalArgumentException(passes.size() + " passes but " + gradOutputs.size() + " gradients");
        }
        boolean parallel = passes.stream().allMatch(p -> p.context() != null);
        if (!parallel) {
            List<INDArray> out = new ArrayList<>();
            for (int i = 0; i < passes.size(); i++) {
                out.add(passes.get(i).backward(gradOutputs.get(i), images));
            }
            return out;
        }
        for (ForwardPass p : passes) {
            if (p.generation() != passGeneration) {
                throw new IllegalStateException("a later forward(List, Mode) reused these passes' memory; "
                        + "back-propagate each list of passes before running the next");
            }
        }
        List<INDArray> out = concurrently(passes.size(), i -> {
            if (i == 0) {
                return passes.get(0).backward(gradOutputs.get(0), images);
            }
            try {
                INDArray gradImages = passes.get(i).backward(gradOutputs.get(i), images);
                return gradImages == null ? null : gradImages.detach(); // leaves the worker's workspace
            } finally {
                PassWorkers.closeWorkspace();
            }
        });
        for (int slot = 1; slot < passes.size(); slot++) {
            for (Parameter p : parameters) {
                p.mergeSlot(slot);
            }
        }
        return out;
    }

    /**
     * Threads {@link #forward(List, Mode)} runs passes on when the groups are small: the engine's threads
     * ({@link io.github.seer4j.blocks.EngineThreads}, {@code --threads}), at most 2, unless set here or with
     * {@code -Dseer4j.passThreads=N} (which then holds for every call).
     */
    public int passThreads() {
        return passThreads > 0 ? passThreads : Math.min(2, io.github.seer4j.blocks.EngineThreads.threads());
    }

    /**
     * Multiply-adds of a group's forward pass from which the groups run one after another, each on all the engine's
     * threads, instead of concurrently on a thread each: a pass that large keeps its threads busy inside its own
     * kernels, while concurrent passes of unequal size leave a thread idle once the smaller is done (SEER's
     * 2x224+6x96 crops of RegNetY-400MF, 3.5-6.4 G per group: 11-15% faster one after another on 2 cores; the
     * quickstart's 2x28+4x16, 0.07-0.1 G: 40% faster concurrently).
     */
    public static final long SEQUENTIAL_PASS_MACS = 1L << 30;

    /** The pass threads for these groups: the setting when made, else by the smallest group's work. */
    int passThreadsFor(List<INDArray> groups) {
        if (passThreads > 0 || groups.size() < 2) {
            return passThreads();
        }
        long smallest = Long.MAX_VALUE;
        for (INDArray g : groups) {
            smallest = Math.min(smallest, g.size(0) * spec.complexity((int) g.size(2)).flops());
        }
        return smallest >= SEQUENTIAL_PASS_MACS ? 1 : passThreads();
    }

    /** Sets how many threads run a step's passes at once (1 = one after the other on the calling thread). */
    public RegNetNetwork passThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("pass threads must be >= 1, got " + threads);
        }
        passThreads = threads;
        return this;
    }

    /** Runs task(0) on the calling thread and the others on the pass workers, and returns the results in order. */
    private <T> List<T> concurrently(int count, java.util.function.IntFunction<T> task) {
        // the passes share the engine's threads: each pass's kernels get threads / passes of them (at least 1)
        int perPass = Math.max(1, io.github.seer4j.blocks.EngineThreads.threads() / count);
        List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int index = i;
            futures.add(PassWorkers.submit(index,
                    () -> io.github.seer4j.blocks.EngineThreads.limitedTo(perPass, () -> task.apply(index))));
        }
        List<T> out = new ArrayList<>();
        out.add(io.github.seer4j.blocks.EngineThreads.limitedTo(perPass, () -> task.apply(0)));
        for (java.util.concurrent.Future<T> f : futures) {
            out.add(PassWorkers.join(f));
        }
        return out;
    }

    /**
     * Inference-mode trunk features of images [N, inputChannels, H, W]: the output of every stage, global-average
     * pooled to [N, stage width], in stage order (the last one is what a head-less network outputs).
     */
    public List<INDArray> pooledStageOutputs(INDArray images) {
        return pooledStageOutputs(images, 1);
    }

    /**
     * As {@link #pooledStageOutputs(INDArray)}, each stage's output average-pooled to a grid of at most
     * {@code grid x grid} cells ({@link GridPooling}) and flattened to [N, cells * stage width]: the spatially pooled
     * per-layer features of VISSL's linear benchmarks (Goyal et al. 2019). Grid 1 is the global pool.
     */
    public List<INDArray> pooledStageOutputs(INDArray images, int grid) {
        checkImages(images);
        List<BlockSpec> specs = spec.blocks();
        List<INDArray> pooled = new ArrayList<>();
        INDArray x = stem.forward(channelsLast(images), Mode.INFERENCE).output();
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(x, Mode.INFERENCE).output();
            if (i + 1 == blocks.size() || specs.get(i + 1).stage() != specs.get(i).stage()) {
                pooled.add(GridPooling.pool(x, grid));
            }
        }
        return pooled;
    }

    private void checkImages(INDArray images) {
        if (images == null || images.rank() != 4 || images.size(1) != inputChannels()) {
            throw new IllegalArgumentException("expected images [N, " + inputChannels() + ", H, W], got "
                    + (images == null ? "null" : java.util.Arrays.toString(images.shape()))
                    + (images != null && images.rank() == 4 ? "; build with RegNetOptions.withInputChannels("
                    + images.size(1) + ") for this data" : ""));
        }
        if (images.dataType() != dataType) {
            throw new IllegalArgumentException("images are " + images.dataType() + " but the network is " + dataType
                    + "; cast them with images.castTo(DataType." + dataType + ")");
        }
    }

    /** NCHW images as the NHWC tensor the layers work on. */
    private static INDArray channelsLast(INDArray images) {
        return ChannelsLast.fromNchw(images);
    }

    /** Inference-mode output for images, detached from any workspace. */
    public INDArray output(INDArray images) {
        return forward(images, Mode.INFERENCE).output().detach();
    }

    /** Every trainable tensor in a stable order (stem, blocks, head), each with its gradient buffer. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Number of trainable scalars; equals {@code spec().complexity(r).params()}. */
    public long parameterCount() {
        return parameters.stream().mapToLong(Parameter::size).sum();
    }

    /**
     * Builds {@code spec} as it stands (its input channels and head) and counts the real parameter scalars; what
     * {@code describe --build} reports as {@code builtParams}. Allocates the whole network once.
     */
    public static long builtParameterCount(NetworkSpec spec) {
        return build(spec, RegNetOptions.defaults()).parameterCount();
    }

    /** Sets every parameter gradient to zero (backward passes accumulate). */
    public void zeroGradients() {
        parameters.forEach(Parameter::zeroGradient);
    }

    /** Batch-norm running statistics by name ({@code ...running_mean}, {@code ...running_var}). */
    public Map<String, INDArray> buffers() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Layer l : layers()) {
            out.putAll(l.buffers());
        }
        return out;
    }

    /** Every saved tensor (parameters then buffers) by name: the network's whole state. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            out.put(p.name(), p.value());
        }
        out.putAll(buffers());
        return out;
    }

    /** The stem, each block and the head, in order (each a {@link Layer} usable on its own, on NHWC tensors). */
    public List<Layer> layers() {
        List<Layer> out = new ArrayList<>(blocks.size() + 2);
        out.add(stem);
        out.addAll(blocks);
        out.add(head);
        return out;
    }

    /**
     * Opens (and activates) this thread's training-step workspace: arrays created inside are recycled at close, so a
     * steady-state step allocates nothing new. Close it after the optimizer step; {@code detach()} what you keep.
     */
    public MemoryWorkspace openStepWorkspace() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, STEP_WORKSPACE_ID);
    }

    /** Writes spec, data type and all tensors to one file, atomically (temporary file, then rename). */
    public void save(Path file) throws IOException {
        NetworkFile.write(this, file);
    }

    /** Reads a file written by {@link #save}; the result computes identical outputs. */
    public static RegNetNetwork load(Path file) throws IOException {
        return NetworkFile.read(file);
    }

    static RegNetNetwork empty(NetworkSpec spec, DataType dataType) {
        return new RegNetNetwork(spec, dataType, 0L);
    }

    @Override
    public String toString() {
        return "RegNetNetwork[" + spec.name() + ", " + blocks.size() + " blocks, " + parameterCount() + " params, "
                + dataType + "]";
    }
}
