package io.github.seer4j.train;


import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import io.github.seer4j.regnet.ForwardPass;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.swav.AugmentOptions;
import io.github.seer4j.swav.CropSpec;
import io.github.seer4j.swav.EmbeddingStats;
import io.github.seer4j.swav.EmbeddingQueue;
import io.github.seer4j.data.ImageSource;
import io.github.seer4j.swav.MultiCropAugmenter;
import io.github.seer4j.swav.MultiCropBatch;
import io.github.seer4j.swav.MultiCropLoader;
import io.github.seer4j.swav.ProjectionHead;
import io.github.seer4j.swav.Prototypes;
import io.github.seer4j.swav.Sinkhorn;
import io.github.seer4j.swav.SwappedPredictionLoss;
import io.github.seer4j.swav.SwavHead;
import io.github.seer4j.swav.SwavObjective;

/**
 * The SwAV training loop: multi-crop batches → trunk per resolution → head → codes and loss → backward → LARC step →
 * metrics, progress, atomic checkpoints; resumes bit-for-bit from {@code out/checkpoint.bin}.
 */
public final class SwavPretrainer {

    /** What a finished run reports. */
    public record Summary(long iterations, double firstLoss, double lastLoss, double lnK, double prototypesUsed,
            double imagesPerSecond, double seconds, Path checkpoint, Path metrics, Path lossCurve) {}

    private final RegNetNetwork net;
    private final PretrainConfig cfg;
    private MultiCropLoader loader;
    private final SwavHead head;
    private final SwavObjective objective;
    private final LarsSgd optimizer;
    private final WarmupCosineSchedule schedule;
    private final Path out;
    private final PrintStream log;
    private int queueLength;
    private final CropSpec crops;
    private EmbeddingQueue queue;
    private final int images;
    private boolean force;
    private DataParallel parallel = DataParallel.single();
    private StepPlan plan;

    public SwavPretrainer(RegNetNetwork trunk, ImageSource images, AugmentOptions augment, PretrainConfig cfg, Path out,
            PrintStream log) {
        if (trunk.inputChannels() != augment.outputChannels()) {
            throw new IllegalArgumentException("the network takes " + trunk.inputChannels()
                    + " input channels but the views have " + augment.outputChannels());
        }
        this.net = trunk;
        this.cfg = cfg;
        this.out = out;
        this.log = log;
        this.images = images.size();
        crops = cfg.cropSpec();
        loader = new MultiCropLoader(images, new MultiCropAugmenter(crops, augment), cfg.batchSize(), cfg.seed(),
                cfg.workers(), 3);
        int[] dims = new int[cfg.headDims().length + 1];
        dims[0] = trunk.outputWidth();
        System.arraycopy(cfg.headDims(), 0, dims, 1, cfg.headDims().length);
        ProjectionHead projection = new ProjectionHead(dims, cfg.headBatchNorm(), trunk.dataType(), cfg.seed() + 1);
        head = new SwavHead(projection, new Prototypes(cfg.prototypes(), dims[dims.length - 1], trunk.dataType(),
                cfg.seed() + 2));
        objective = new SwavObjective(new Sinkhorn(cfg.epsilon(), cfg.sinkhornIterations()),
                new SwappedPredictionLoss(cfg.temperature(), new int[] {0, 1}, crops.totalCrops()));
        // LARC in clip mode by default: main_swav uses clip=False, but on Fashion-MNIST clip mode (the adaptive rate
        // capped by the global one) left the ln K plateau within ~100 steps where clip=False had not after 137
        // (README, SwAV section)
        optimizer = new LarsSgd(0.9, cfg.weightDecay(), cfg.larcTrust(), cfg.larcClip(), false);
        long perEpoch = loader.stepsPerEpoch();
        long total = totalIterations();
        schedule = new WarmupCosineSchedule(cfg.startWarmup(), cfg.baseLr(), cfg.finalLr(),
                Math.min(total, cfg.warmupFor(perEpoch)), total);
        plan = StepPlan.fixed(this::totalIterations, schedule, cfg.freezePrototypes());
        queueLength = cfg.queueLength() - cfg.queueLength() % cfg.batchSize();
        if (cfg.queueLength() > 0 && queueLength == 0) {
            throw new IllegalArgumentException("queue length " + cfg.queueLength() + " is shorter than one batch ("
                    + cfg.batchSize() + "); use a multiple of the batch size or 0 for no queue");
        }
    }

    /**
     * Makes this trainer process {@code group.rank()} of a data-parallel run over {@code group} (main_swav.py's
     * scheme): it trains on its slice of every global batch of {@code cfg.batchSize()} images, keeps its own queue of
     * {@code queueLength / worldSize} embeddings, reduces Sinkhorn's sums and the gradients over the group and, with
     * {@code syncBatchNorm}, batch-norm statistics too (its passes then run one after the other). Rank 0 writes the
     * checkpoint (with every rank's queue) and metrics.jsonl; the others write metrics.rankR.jsonl. Call before
     * {@link #run}.
     */
    public SwavPretrainer distributed(io.github.seer4j.blocks.Collective group, boolean syncBatchNorm) {
        parallel = new DataParallel(group, syncBatchNorm);
        loader = loader.shard(group.rank(), group.worldSize());
        if (queueLength % (group.worldSize() * loader.localBatchSize()) != 0) {
            throw new IllegalArgumentException("the queue of " + queueLength + " embeddings does not split into "
                    + group.worldSize() + " per-process queues of whole batches; use a multiple of the batch size");
        }
        queueLength /= group.worldSize();
        if (syncBatchNorm) {
            net.passThreads(1);
        }
        return this;
    }

    /** Runs by {@code p} instead of the configuration's steps and schedule (a time-budgeted run); call before {@link #run}. */
    public SwavPretrainer plan(StepPlan p) {
        plan = p;
        return this;
    }

    public long totalIterations() {
        return PretrainConfig.totalIterations(cfg.epochs(), cfg.steps(), loader.stepsPerEpoch());
    }

    public SwavHead head() {
        return head;
    }

    /** The trunk's parameters, then the head's (in the order gradients are reduced across processes). */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(net.parameters());
        all.addAll(head.parameters());
        return all;
    }

    public Path checkpointPath() {
        return out.resolve("checkpoint.bin");
    }

    /** With {@code true}, a fresh run may replace the run already in the output folder (the CLI's --force). */
    public SwavPretrainer force(boolean on) {
        force = on;
        return this;
    }

    /** The configuration this run records in its checkpoints and checks on resume ({@link RunConfig}). */
    public java.util.Map<String, String> recordedConfig() {
        return RunConfig.of(net.spec(), net.dataType().name(), cfg, images);
    }

    /** Runs to the configured end; with {@code resume}, continues from the checkpoint in the output folder. */
    public Summary run(boolean resume) throws IOException {
        return runUntil(resume, Long.MAX_VALUE);
    }

    /**
     * Like {@link #run} but pauses (with a checkpoint) once {@code pauseAt} iterations are done; the schedule still
     * targets the configured end, so a later {@code run(true)} continues exactly as an uninterrupted run.
     */
    public Summary runUntil(boolean resume, long pauseAt) throws IOException {
        if (!parallel.writes()) { // rank 0 owns the folder; this rank reads its checkpoint and writes its own metrics
            Files.createDirectories(out);
            return runOwned(null, resume, pauseAt);
        }
        try (RunFolder folder = RunFolder.open(out, resume, force)) {
            return runOwned(folder, resume, pauseAt);
        }
    }

    /** This rank's metrics file: metrics.jsonl, or metrics.rankN.jsonl on the ranks that do not write the run. */
    private Path metricsPath() {
        return out.resolve(parallel.writes() ? RunFolder.METRICS_FILE : "metrics.rank" + parallel.rank() + ".jsonl");
    }

    /**
     * Checks the checkpoint's recorded configuration against this run's before reading a tensor, then restores it,
     * cuts metrics.jsonl back to its iteration and rewrites trunk.bin from it (a crash may have left an older one).
     */
    private Checkpoint resumeFrom() throws IOException {
        Path ckpt = checkpointPath();
        if (!Files.exists(ckpt)) {
            throw new IllegalArgumentException("--resume: no checkpoint at " + ckpt + "; run without --resume to start");
        }
        ResumeCheck.verify(ckpt, CheckpointFile.readHeader(ckpt), recordedConfig());
        Checkpoint c = CheckpointFile.read(ckpt);
        restore(c);
        parallel.restoreQueue(c, this::restoreQueue);
        RunFolder.truncateMetrics(metricsPath(), c.iteration());
        if (parallel.writes()) {
            saveTrunk(ckpt);
        }
        log.printf("resuming %s at iteration %d (epoch %d)%n", ckpt, c.iteration(), c.epoch());
        return c;
    }

    private Summary runOwned(RunFolder folder, boolean resume, long pauseAt) throws IOException {
        int epoch = 0;
        long iteration = 0;
        Path ckpt = checkpointPath();
        if (resume) {
            Checkpoint c = resumeFrom();
            epoch = c.epoch();
            iteration = c.iteration();
        }
        parallel.checkSameConfiguration(fingerprintText(resume, iteration));
        LossRiseWarning rise = new LossRiseWarning(1.5, 5);
        long savedAt = resume ? iteration : -1;
        double usedAtEpochEnd = Double.NaN;
        long total = Math.min(plan.total(), pauseAt);
        if (resume && iteration >= total) {
            log.printf("nothing to do: %s is already at iteration %d of %d; raise --steps or --epochs to go on%n",
                    ckpt, iteration, total);
        }
        int perEpoch = loader.stepsPerEpoch();
        CollapseMonitor collapse = new CollapseMonitor(cfg.prototypes());
        List<double[]> curve = new ArrayList<>();
        Path lastGood = resume ? ckpt : null;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        long t0 = System.nanoTime();
        long done = 0;
        Path metricsFile = metricsPath();
        try (MetricsWriter metrics = new MetricsWriter(metricsFile, resume, ckpt);
                ProgressBar bar = ProgressReporter.bar("swav", total, new ConsoleProgressBarConsumer(System.err))) {
            bar.stepTo(iteration);
            while (iteration < total) {
                int firstStep = (int) (iteration - (long) epoch * perEpoch);
                try (MultiCropLoader.Prefetcher batches = loader.epoch(epoch, firstStep)) {
                    long tw = System.nanoTime(); // data wait includes hasNext(), which blocks for the batch
                    while (batches.hasNext() && iteration < total) {
                        if (queueLength > 0 && queue == null && iteration >= cfg.queueStartFor(perEpoch)) {
                            queue = new EmbeddingQueue(2, queueLength, head.projection().outputDim(), net.dataType());
                        }
                        MultiCropBatch b = batches.next();
                        double waitData = (System.nanoTime() - tw) / 1e9;
                        double lr = plan.lr(iteration);
                        SwavObjective.Result r = step(b, iteration, lr, lastGood, collapse);
                        iteration++;
                        done++;
                        plan.stepped(iteration);
                        total = Math.min(plan.total(), pauseAt);
                        bar.maxHint(total);
                        if (Double.isNaN(firstLoss)) {
                            firstLoss = r.loss();
                        }
                        lastLoss = r.loss();
                        String warning = rise.add(iteration, r.loss());
                        if (warning != null) {
                            log.println("WARNING " + warning + "; lower --lr or check --larc-trust (now " + cfg.baseLr()
                                    + ", " + cfg.larcTrust() + ")");
                        }
                        curve.add(new double[] {iteration, r.loss()});
                        double secs = (System.nanoTime() - t0) / 1e9;
                        double ips = done * cfg.batchSize() / secs;
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("iteration", iteration);
                        m.put("epoch", epoch);
                        m.put("loss", r.loss());
                        m.put("lr", lr);
                        m.put("images_per_s", ips);
                        m.put("prototypes_used", collapse.fractionUsed());
                        m.put("positive_cosine", lastStats.positiveCosine());
                        m.put("negative_cosine", lastStats.negativeCosine());
                        m.put("code_max", lastStats.codeMax());
                        m.put("score_spread", lastStats.scoreSpread());
                        m.put("s_data_wait", waitData);
                        m.put("s_forward", phase[0]);
                        m.put("s_sinkhorn_loss", phase[1]);
                        m.put("s_backward", phase[2]);
                        m.put("s_update", phase[3]);
                        if (parallel.distributed()) {
                            m.putAll(parallel.takeCommunication());
                        }
                        metrics.write(m);
                        bar.stepTo(iteration);
                        bar.setExtraMessage(String.format("loss %.3f lr %.3g %.0f img/s", r.loss(), lr, ips));
                        if (cfg.checkpointEvery() > 0 && iteration % cfg.checkpointEvery() == 0) {
                            save(ckpt, iteration / perEpoch > epoch ? epoch + 1 : epoch, iteration);
                            lastGood = ckpt;
                            savedAt = iteration;
                        }
                        tw = System.nanoTime();
                    }
                }
                if (iteration % perEpoch == 0 || iteration >= total) {
                    String warn = collapse.warning(lastLoss);
                    log.printf("epoch %d: loss %.4f (ln K = %.4f), prototypes used %.1f%%%s%n", epoch, lastLoss,
                            Math.log(cfg.prototypes()), 100 * collapse.fractionUsed(),
                            warn == null ? "" : "; WARNING " + warn);
                }
                if (iteration % perEpoch == 0) {
                    epoch++;
                    usedAtEpochEnd = collapse.samples() == 0 ? usedAtEpochEnd : collapse.fractionUsed();
                    collapse.reset();
                }
            }
        }
        if (savedAt != iteration) {
            save(ckpt, epoch, iteration);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Path png = out.resolve("loss.png");
        if (parallel.writes()) {
            plot(curve, png, Math.log(cfg.prototypes()));
        }
        return new Summary(iteration, firstLoss, lastLoss, Math.log(cfg.prototypes()), collapse.samples() == 0
                ? usedAtEpochEnd : collapse.fractionUsed(), done * cfg.batchSize() / secs, secs, ckpt, metricsFile,
                png);
    }

    /** Seconds spent in each phase of the last step: forward, objective (Sinkhorn + loss), backward, update. */
    private final double[] phase = new double[4];
    private EmbeddingStats lastStats;
    private boolean workspaces = true;

    /**
     * One training step inside the network's step workspace (when enabled): everything the step allocates is recycled
     * when it ends, so the returned result carries only the loss; codes are folded into {@code collapse} inside.
     */
    SwavObjective.Result step(MultiCropBatch b, long iteration, double lr, Path lastGood, CollapseMonitor collapse) {
        MemoryWorkspace ws = workspaces ? net.openStepWorkspace() : null;
        try (io.github.seer4j.blocks.SyncBatchNorm.Scope sync = parallel.syncBatchNorm()
                ? io.github.seer4j.blocks.SyncBatchNorm.scope(parallel.group()) : () -> { }) {
            SwavObjective.Result r = stepInScope(b, iteration, lr, lastGood);
            for (INDArray q : r.codes()) {
                collapse.add(q);
            }
            return new SwavObjective.Result(r.loss(), null, List.of());
        } finally {
            if (ws != null) {
                ws.close();
            }
        }
    }

    PretrainConfig config() {
        return cfg;
    }

    MultiCropLoader loader() {
        return loader;
    }

    WarmupCosineSchedule schedule() {
        return schedule;
    }

    /** Seconds of forward, objective, backward and update of the last step. */
    double[] lastPhases() {
        return phase.clone();
    }

    boolean workspacesOn() {
        return workspaces;
    }

    /** Uses the network's step workspace in {@link #step} (on by default); off allocates fresh arrays every step. */
    public SwavPretrainer workspaces(boolean on) {
        workspaces = on;
        return this;
    }

    private SwavObjective.Result stepInScope(MultiCropBatch b, long iteration, double lr, Path lastGood) {
        long t0 = System.nanoTime();
        net.zeroGradients();
        head.zeroGradients();
        head.prototypes().normalizeRows();
        List<INDArray> groups = new ArrayList<>();
        for (INDArray g : b.groups()) {
            groups.add(g.castTo(net.dataType()));
        }
        List<ForwardPass> passes = net.forward(groups, Mode.TRAINING); // the resolution groups run concurrently
        List<INDArray> feats = new ArrayList<>();
        for (ForwardPass p : passes) {
            feats.add(p.output());
        }
        INDArray features = io.github.seer4j.blocks.HostArrays.concatRows(feats);
        SwavHead.Output o = head.forward(features, Mode.TRAINING);
        long t1 = System.nanoTime();
        SwavObjective.Result r = objective.evaluate(o.embeddings(), o.scores(), head.prototypes(), queue,
                parallel.group());
        r = new SwavObjective.Result(parallel.mean(r.loss()), r.scoreGradient(), r.codes()); // the batch's loss
        lastStats = EmbeddingStats.of(o.embeddings(), o.scores(), r.codes().get(0), crops.totalCrops());
        DivergenceCheck.check(iteration, r.loss(), r.codes(), cfg.epsilon(), lr, lastGood);
        long t2 = System.nanoTime();
        INDArray dFeatures = o.backward(r.scoreGradient());
        long row = 0;
        List<INDArray> dGroups = new ArrayList<>();
        for (INDArray f : feats) {
            long n = f.size(0);
            dGroups.add(dFeatures.get(NDArrayIndex.interval(row, row + n), NDArrayIndex.all()));
            row += n;
        }
        net.backwardParameters(passes, dGroups);
        long t3 = System.nanoTime();
        List<Parameter> active = new ArrayList<>(net.parameters());
        for (Parameter p : head.parameters()) {
            if (!plan.prototypesFrozen(iteration) || !p.name().equals(Prototypes.NAME)) {
                active.add(p);
            }
        }
        parallel.averageGradients(active);
        optimizer.step(active, lr);
        long t4 = System.nanoTime();
        phase[0] = (t1 - t0) / 1e9;
        phase[1] = (t2 - t1) / 1e9;
        phase[2] = (t3 - t2) / 1e9;
        phase[3] = (t4 - t3) / 1e9;
        return r;
    }

    private Map<String, INDArray> headState() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Parameter p : head.parameters()) {
            m.put("param/" + p.name(), p.value());
        }
        head.buffers().forEach((k, v) -> m.put("state/" + k, v));
        return m;
    }

    private void save(Path file, int epoch, long iteration) throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        net.state().forEach((k, v) -> t.put("net/" + k, v));
        t.putAll(headState());
        optimizer.state().forEach((k, v) -> t.put("opt/" + k, v));
        if (queue != null && !parallel.distributed()) {
            t.put("queue/contents", queue.state());
            double[] filled = java.util.Arrays.stream(queue.filled()).asDoubleStream().toArray();
            t.put("queue/filled", Nd4j.createFromArray(filled));
        }
        parallel.addQueues(t, queue); // every rank's queue, gathered to rank 0
        if (!parallel.writes()) {
            return;
        }
        CheckpointFile.write(file, new Checkpoint(epoch, iteration, cfg.seed(), recordedConfig(), t));
        saveTrunk(file);
        log.printf("checkpoint: iteration %d written to %s%n", iteration, file);
    }

    /**
     * The trunk alone beside the checkpoint (atomic too), for tools that read a network file; probe of a run folder
     * reads the trunk from the checkpoint itself, the run's one commit point, so a crash between the two files cannot
     * make it score an older trunk.
     */
    private void saveTrunk(Path checkpoint) throws IOException {
        Path trunk = checkpoint.resolveSibling(CheckpointFile.TRUNK_FILE);
        try {
            net.save(trunk);
        } catch (IOException e) {
            throw new IOException("cannot write " + trunk + ": " + e.getMessage() + "; free space or choose another"
                    + " --out (the checkpoint " + checkpoint + " is complete)", e);
        }
    }

    private void restore(Checkpoint c) {
        net.state().forEach((k, v) -> v.assign(require(c.tensors(), "net/" + k, v)));
        headState().forEach((k, v) -> v.assign(require(c.tensors(), k, v)));
        optimizer.load(c.group("opt/"));
        if (!parallel.distributed()) {
            restoreQueue(c.tensors().get("queue/contents"), c.tensors().get("queue/filled"));
        }
    }

    private void restoreQueue(INDArray contents, INDArray filledCounts) {
        if (contents != null) {
            if (filledCounts == null) {
                throw new IllegalArgumentException("checkpoint has a queue without its fill counts; it is damaged");
            }
            double[] f = filledCounts.toDoubleVector();
            long[] filled = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                filled[i] = (long) f[i];
            }
            queue = new EmbeddingQueue(contents.castTo(net.dataType()), filled);
        }
    }

    /** What every rank of a data-parallel run must agree on before training (see DataParallel). */
    private String fingerprintText(boolean resume, long iteration) {
        StringBuilder sb = new StringBuilder();
        for (java.lang.reflect.RecordComponent rc : PretrainConfig.class.getRecordComponents()) {
            try {
                Object v = rc.getAccessor().invoke(cfg);
                sb.append(rc.getName()).append('=').append(v instanceof int[] a ? java.util.Arrays.toString(a)
                        : v instanceof double[] d ? java.util.Arrays.toString(d) : String.valueOf(v)).append(';');
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + rc.getName() + " of the configuration", e);
            }
        }
        return sb + "model=" + net.spec() + ";dtype=" + net.dataType() + ";params=" + net.parameterCount()
                + ";stepsPerEpoch=" + loader.stepsPerEpoch() + ";syncBn=" + parallel.syncBatchNorm() + ";resume=" + resume
                + ";iteration=" + iteration;
    }

    private static INDArray require(Map<String, INDArray> m, String key) {
        INDArray v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint lacks tensor " + key
                    + "; it was written by a different model or head configuration");
        }
        return v;
    }

    /** The checkpoint's tensor {@code key}, refused unless it has {@code target}'s shape (never assigned across shapes). */
    private static INDArray require(Map<String, INDArray> m, String key, INDArray target) {
        INDArray v = require(m, key);
        if (!java.util.Arrays.equals(v.shape(), target.shape())) {
            throw new IllegalArgumentException("checkpoint tensor " + key + " has shape "
                    + java.util.Arrays.toString(v.shape()) + ", this run's needs " + java.util.Arrays.toString(
                    target.shape()) + "; it was written by a different model or head configuration");
        }
        return v;
    }

    /** The loss per iteration (light), its moving average over 2% of the run, and ln K, the collapse level. */
    private static void plot(List<double[]> curve, Path png, double lnK) throws IOException {
        if (curve.isEmpty()) {
            return;
        }
        System.setProperty("java.awt.headless", "true");
        int n = curve.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] smooth = new double[n];
        int window = Math.max(1, n / 50);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] = curve.get(i)[0];
            y[i] = curve.get(i)[1];
            sum += y[i] - (i >= window ? y[i - window] : 0);
            smooth[i] = sum / Math.min(i + 1, window);
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title("SwAV loss").xAxisTitle("iteration")
                .yAxisTitle("swapped-prediction loss").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#");
        XYSeries raw = chart.addSeries("loss", x, y);
        raw.setLineColor(new java.awt.Color(150, 180, 230));
        raw.setLineWidth(1f);
        XYSeries avg = chart.addSeries("moving average (" + window + " it.)", x, smooth);
        avg.setLineColor(new java.awt.Color(20, 60, 170));
        avg.setLineWidth(2.5f);
        XYSeries collapse = chart.addSeries(String.format(java.util.Locale.ROOT, "ln K = %.3f (uniform codes)", lnK),
                new double[] {x[0], x[n - 1]}, new double[] {lnK, lnK});
        collapse.setLineColor(new java.awt.Color(200, 40, 40));
        collapse.setLineStyle(SeriesLines.DASH_DASH);
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new IOException("cannot write " + png + ": " + e.getMessage() + "; free space or choose another --out"
                    + " (the run's checkpoint is complete)", e);
        }
    }
}
