package io.github.seer4j.eval;

import io.github.seer4j.blocks.Softmax;

import io.github.seer4j.train.WarmupCosineSchedule;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The linear classifier of self-supervised evaluation: multinomial logistic regression on frozen features,
 * standardized with the training set's mean and standard deviation, trained full-batch with Adam and L2 weight
 * decay, the learning rate decaying to zero on a cosine so that the last iterate settles (at a constant rate, the
 * 1,736-d spatial probe of the story's trunk ended on 86.2% instead of 90.6%). Deterministic (zero initialisation,
 * no sampling).
 */
public final class LinearProbe {

    /** Accuracy on the training and test features, and how many labelled images the classifier saw. */
    public record Result(double trainAccuracy, double testAccuracy, int labelledImages, int iterations) {}

    private final double weightDecay;
    private final int iterations;
    private final double learningRate;
    /** The rate of each Adam step: a cosine from {@code learningRate} to zero, no warm-up. */
    private final WarmupCosineSchedule schedule;

    public LinearProbe(double weightDecay, int iterations, double learningRate) {
        if (!(weightDecay >= 0) || iterations < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("linear probe needs weightDecay >= 0, iterations >= 1, learningRate > 0;"
                    + " got " + weightDecay + ", " + iterations + ", " + learningRate);
        }
        this.weightDecay = weightDecay;
        this.iterations = iterations;
        this.learningRate = learningRate;
        this.schedule = new WarmupCosineSchedule(0, learningRate, 0, 0, iterations);
    }

    /** Weight decay 5e-4, 300 Adam steps from learning rate 0.05. */
    public static LinearProbe defaults() {
        return new LinearProbe(5e-4, 300, 0.05);
    }

    /**
     * Trains on {@code trainX} [N, D] with labels in [0, classes) and reports top-1 accuracy on {@code testX}.
     */
    public Result fitAndEvaluate(INDArray trainX, int[] trainY, INDArray testX, int[] testY, int classes) {
        check(trainX, trainY, "training");
        check(testX, testY, "test");
        INDArray x = trainX.castTo(DataType.FLOAT);
        INDArray mean = x.mean(0);
        INDArray std = x.std(false, 0).addi(1e-6);
        x = x.subRowVector(mean).diviRowVector(std);
        INDArray xt = testX.castTo(DataType.FLOAT).subRowVector(mean).diviRowVector(std);

        long n = x.rows();
        long d = x.columns();
        INDArray w = Nd4j.zeros(DataType.FLOAT, d, classes);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 1, classes);
        INDArray targets = oneHot(trainY, classes);
        Adam adamW = new Adam(w);
        Adam adamB = new Adam(b);
        INDArray logits = Nd4j.create(DataType.FLOAT, n, classes);
        INDArray gradW = Nd4j.create(DataType.FLOAT, d, classes);
        for (int it = 1; it <= iterations; it++) {
            Nd4j.gemm(x, w, logits, false, false, 1.0, 0.0);
            logits.addiRowVector(b);
            INDArray probs = Softmax.rows(logits);
            INDArray delta = probs.subi(targets).divi(n); // dLoss/dLogits of the mean cross-entropy
            Nd4j.gemm(x, delta, gradW, true, false, 1.0, 0.0);
            gradW.addi(w.mul(weightDecay));
            adamW.step(gradW, it);
            adamB.step(delta.sum(true, 0), it);
        }
        return new Result(accuracy(x, w, b, trainY), accuracy(xt, w, b, testY), trainY.length, iterations);
    }

    private static void check(INDArray x, int[] y, String what) {
        if (x.rank() != 2 || x.rows() != y.length || x.rows() == 0) {
            throw new IllegalArgumentException(what + " features must be [N, D] with one label per row; got shape "
                    + java.util.Arrays.toString(x.shape()) + " and " + y.length + " labels");
        }
    }

    static double accuracy(INDArray x, INDArray w, INDArray b, int[] y) {
        INDArray logits = Nd4j.create(DataType.FLOAT, x.rows(), w.columns());
        Nd4j.gemm(x, w, logits, false, false, 1.0, 0.0);
        logits.addiRowVector(b);
        int[] predicted = logits.argMax(1).toIntVector();
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            correct += predicted[i] == y[i] ? 1 : 0;
        }
        return correct / (double) y.length;
    }

    static INDArray oneHot(int[] labels, int classes) {
        INDArray t = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is outside [0, "
                        + (classes - 1) + "]");
            }
            t.putScalar(i, labels[i], 1f);
        }
        return t;
    }

    /** Adam (beta1 0.9, beta2 0.999, eps 1e-8) on one tensor, at the cosine-decayed rate of step t. */
    private final class Adam {
        private final INDArray param;
        private final INDArray m;
        private final INDArray v;

        Adam(INDArray param) {
            this.param = param;
            this.m = param.ulike().assign(0);
            this.v = param.ulike().assign(0);
        }

        void step(INDArray grad, int t) {
            m.muli(0.9).addi(grad.mul(0.1));
            v.muli(0.999).addi(grad.mul(grad).muli(0.001));
            double correction = Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            INDArray update = m.div(Transforms.sqrt(v, true).addi(1e-8)).muli(schedule.lr(t - 1) * correction);
            param.subi(update);
        }
    }
}
