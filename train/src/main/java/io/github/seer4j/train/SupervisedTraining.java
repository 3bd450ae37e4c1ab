package io.github.seer4j.train;

import io.github.seer4j.blocks.Softmax;

import io.github.seer4j.blocks.Mode;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import io.github.seer4j.regnet.RegNetNetwork;
import io.github.seer4j.data.ImageSource;

/**
 * Trains a network with a classification head by softmax cross-entropy: SGD with momentum 0.9, weight decay (not on
 * biases and BN), a linear warm-up over a fifth of the run (at most an epoch) then cosine decay, random shifts and flips; then
 * measures top-1 accuracy on a test set in inference mode. Each step runs inside the network's step workspace.
 */
public final class SupervisedTraining {

    /** Hyper-parameters. */
    public record Config(int epochs, int batchSize, double learningRate, double weightDecay, int maxShift, long seed) {
        public Config {
            if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(weightDecay >= 0) || maxShift < 0) {
                throw new IllegalArgumentException("need epochs >= 1, batch >= 1, lr > 0, weight decay >= 0, shift >= 0;"
                        + " got " + epochs + ", " + batchSize + ", " + learningRate + ", " + weightDecay + ", " + maxShift);
            }
        }

        /** 0.05 learning rate, batch 128, weight decay 5e-4, shifts of up to 2 pixels. */
        public static Config defaults(int epochs, long seed) {
            return new Config(epochs, 128, 0.05, 5e-4, 2, seed);
        }
    }

    /** What one training run reached. */
    public record Result(double testAccuracy, double lastLoss, int labelledImages, int epochs, long steps,
                         double seconds, double imagesPerSecond) {}

    /** One progress report per step. */
    public record Step(long step, long totalSteps, double loss, double lr, double imagesPerSecond) {}

    private SupervisedTraining() {}

    /**
     * Trains {@code net} on the images {@code subset} of {@code train} (labels from {@code labels}), then tests on
     * every image of {@code test}.
     */
    public static Result run(RegNetNetwork net, ImageSource train, int[] labels, int[] subset, ImageSource test,
                             int[] testLabels, BatchAssembler assembler, Config cfg, Consumer<Step> progress) {
        return run(net, train, labels, subset, test, testLabels, assembler, cfg, Long.MAX_VALUE, progress);
    }

    /**
     * As above, but stops after {@code maxSteps} steps when that comes before the end of the last epoch (a run
     * bounded by time); the learning-rate schedule then ends at {@code maxSteps}, so a shortened run still warms up
     * and decays fully.
     */
    public static Result run(RegNetNetwork net, ImageSource train, int[] labels, int[] subset, ImageSource test,
                             int[] testLabels, BatchAssembler assembler, Config cfg, long maxSteps,
                             Consumer<Step> progress) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        }
        int classes = net.outputWidth();
        if (!net.spec().head().present()) {
            throw new IllegalArgumentException("supervised training needs a network with a head; build it with"
                    + " RegNetOptions.withClasses(n)");
        }
        int stepsPerEpoch = (subset.length + cfg.batchSize() - 1) / cfg.batchSize();
        long total = Math.min((long) stepsPerEpoch * cfg.epochs(), maxSteps);
        // warm up over a fifth of the run (at most one epoch): without it the first steps at 0.05 diverge
        WarmupCosineSchedule schedule = new WarmupCosineSchedule(0, cfg.learningRate(), 0,
                Math.max(1, Math.min(stepsPerEpoch, total / 5)), total);
        LarsSgd sgd = LarsSgd.sgd(0.9, cfg.weightDecay());
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        long start = System.nanoTime();
        long step = 0;
        long images = 0;
        double loss = Double.NaN;
        for (int epoch = 0; epoch < cfg.epochs() && step < total; epoch++) {
            int[] order = shuffled(subset, rng);
            for (int s = 0; s < stepsPerEpoch && step < total; s++) {
                int from = s * cfg.batchSize();
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + cfg.batchSize()));
                double lr = schedule.lr(step);
                try (MemoryWorkspace ws = net.openStepWorkspace()) {
                    net.zeroGradients();
                    INDArray x = assembler.batch(train, idx, rng, cfg.maxShift());
                    var pass = net.forward(x, Mode.TRAINING);
                    INDArray logits = pass.output();
                    INDArray target = oneHot(labels, idx, classes, logits.dataType());
                    INDArray probs = Softmax.rows(logits);
                    loss = -Transforms.log(probs.mul(target).sum(1).addi(1e-12), false).meanNumber().doubleValue();
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("the training loss became " + loss + " at step " + step
                                + "; the learning rate " + cfg.learningRate() + " is probably too high");
                    }
                    pass.backwardParameters(probs.subi(target).divi(idx.length));
                    sgd.step(net.parameters(), lr);
                }
                step++;
                images += idx.length;
                if (progress != null) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.accept(new Step(step, total, loss, lr, images / seconds));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = accuracy(net, test, testLabels, assembler);
        int epochsBegun = (int) ((step + stepsPerEpoch - 1) / stepsPerEpoch);
        return new Result(accuracy, loss, subset.length, epochsBegun, step, seconds, images / seconds);
    }

    /** Top-1 accuracy of {@code net} on every image of {@code source}, in inference mode. */
    public static double accuracy(RegNetNetwork net, ImageSource source, int[] labels, BatchAssembler assembler) {
        int correct = 0;
        for (int from = 0; from < source.size(); from += 256) {
            int[] idx = new int[Math.min(256, source.size() - from)];
            final int f = from;
            java.util.Arrays.setAll(idx, i -> f + i);
            try (MemoryWorkspace ws = net.openStepWorkspace()) {
                int[] predicted = net.forward(assembler.batch(source, idx), Mode.INFERENCE).output().argMax(1)
                        .toIntVector();
                for (int i = 0; i < idx.length; i++) {
                    correct += predicted[i] == labels[idx[i]] ? 1 : 0;
                }
            }
        }
        return correct / (double) source.size();
    }

    private static int[] shuffled(int[] subset, SplittableRandom rng) {
        int[] o = subset.clone();
        for (int i = o.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    private static INDArray oneHot(int[] labels, int[] idx, int classes, DataType type) {
        INDArray t = Nd4j.zeros(type, idx.length, classes);
        for (int i = 0; i < idx.length; i++) {
            t.putScalar(i, labels[idx[i]], 1.0);
        }
        return t;
    }

}
