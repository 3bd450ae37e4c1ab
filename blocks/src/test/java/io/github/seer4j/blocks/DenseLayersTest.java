package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense [N, C] layers: hand-computed forward values, analytic backward against central differences in DOUBLE,
 * gradients that add up over two backward passes, batch-norm buffers, and the uniform init's numbers.
 */
class DenseLayersTest {

    private static final double STEP = 1e-6;
    private static final double TOLERANCE = 1e-6;

    private static INDArray d(double[][] v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    @Test
    void linearBackwardMatchesFiniteDifferences() {
        checkGradients(new Linear("fc", 5, 3, true, DataType.DOUBLE, 7), Init.uniform(DataType.DOUBLE, 1, 2, 4, 5),
                Mode.TRAINING);
        checkGradients(new Linear("fc", 5, 3, false, DataType.DOUBLE, 8), Init.uniform(DataType.DOUBLE, 2, 2, 4, 5),
                Mode.TRAINING);
    }

    @Test
    void batchNormBackwardMatchesFiniteDifferencesInTraining() {
        BatchNorm1d bn = new BatchNorm1d("bn", 3, DataType.DOUBLE);
        bn.parameters().get(0).value().assign(d(new double[][] {{1.5, -0.5, 2}}));
        bn.parameters().get(1).value().assign(d(new double[][] {{0.1, 0.2, -0.3}}));
        checkGradients(bn, Init.uniform(DataType.DOUBLE, 3, 2, 5, 3), Mode.TRAINING);
    }

    @Test
    void batchNormBackwardMatchesFiniteDifferencesInInference() {
        BatchNorm1d bn = new BatchNorm1d("bn", 3, DataType.DOUBLE);
        bn.parameters().get(0).value().assign(d(new double[][] {{1.5, -0.5, 2}}));
        bn.runningMean().assign(d(new double[][] {{0.3, -0.1, 0}}));
        bn.runningVar().assign(d(new double[][] {{2, 0.5, 1}}));
        checkGradients(bn, Init.uniform(DataType.DOUBLE, 4, 2, 5, 3), Mode.INFERENCE);
    }

    @Test
    void l2NormalizeBackwardMatchesFiniteDifferences() {
        checkGradients(new L2Normalize(), Init.uniform(DataType.DOUBLE, 5, 2, 4, 6), Mode.TRAINING);
    }

    @Test
    void reluBackwardMatchesFiniteDifferences() {
        // entries at least 0.1 from the kink at 0, so a step of 1e-6 never crosses it
        checkGradients(new Relu(), d(new double[][] {{-1.2, 0.3, 0.1}, {2.5, -0.1, -0.7}}), Mode.TRAINING);
    }

    @Test
    void forwardValuesMatchHandComputation() {
        Linear fc = new Linear("fc", 2, 1, true, DataType.DOUBLE, 0);
        fc.weight().value().assign(d(new double[][] {{3, -1}}));
        fc.parameters().get(1).value().assign(d(new double[][] {{0.5}}));
        assertEquals(3 * 1 - 2 + 0.5, fc.forward(d(new double[][] {{1, 2}}), Mode.TRAINING).output().getDouble(0, 0),
                1e-15);
        INDArray unit = new L2Normalize().forward(d(new double[][] {{3, 4}, {0, -2}}), Mode.TRAINING).output();
        assertArrayEquals(new double[] {0.6, 0.8, 0, -1}, unit.reshape(4).toDoubleVector(), 1e-15);
        Traced relu = new Relu().forward(d(new double[][] {{-1, 2}}), Mode.TRAINING);
        assertArrayEquals(new double[] {0, 2}, relu.output().reshape(2).toDoubleVector(), 0);
        assertArrayEquals(new double[] {0, 5}, relu.backward(d(new double[][] {{5, 5}})).reshape(2).toDoubleVector(), 0);
    }

    @Test
    void linearGradientsAddUpOverTwoPasses() {
        Linear fc = new Linear("fc", 2, 1, true, DataType.DOUBLE, 0);
        fc.weight().value().assign(d(new double[][] {{3, -1}}));
        Traced first = fc.forward(d(new double[][] {{1, 2}}), Mode.TRAINING);
        Traced second = fc.forward(d(new double[][] {{3, 4}}), Mode.TRAINING);
        INDArray dx = first.backward(d(new double[][] {{1}})); // dW = g^T x = [1, 2], db = 1, dx = g W
        second.backward(d(new double[][] {{2}}));             // dW = [6, 8], db = 2
        assertArrayEquals(new double[] {3, -1}, dx.reshape(2).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {7, 10}, fc.weight().gradient().reshape(2).toDoubleVector(), 1e-15);
        assertEquals(3.0, fc.parameters().get(1).gradient().getDouble(0), 1e-15);
        fc.parameters().forEach(Parameter::zeroGradient);
        fc.forward(d(new double[][] {{1, 2}}), Mode.TRAINING).backward(d(new double[][] {{1}}));
        assertArrayEquals(new double[] {1, 2}, fc.weight().gradient().reshape(2).toDoubleVector(), 1e-15);
    }

    @Test
    void batchNormGradientsAddUpAndRunningStatisticsFollowPyTorch() {
        BatchNorm1d bn = new BatchNorm1d("head.0.bn", 1, DataType.DOUBLE);
        // batch [1, 3]: mean 2, biased var 1, unbiased 2; xhat = -+1/sqrt(1 + eps)
        Traced first = bn.forward(d(new double[][] {{1}, {3}}), Mode.TRAINING);
        assertEquals(0.2, bn.runningMean().getDouble(0), 1e-15);
        assertEquals(0.9 + 0.2, bn.runningVar().getDouble(0), 1e-15);
        // batch [0, 4]: mean 2, biased var 4, unbiased 8; xhat = -+2/sqrt(4 + eps)
        Traced second = bn.forward(d(new double[][] {{0}, {4}}), Mode.TRAINING);
        assertEquals(0.9 * 0.2 + 0.2, bn.runningMean().getDouble(0), 1e-15);
        assertEquals(0.9 * 1.1 + 0.8, bn.runningVar().getDouble(0), 1e-15);
        first.backward(d(new double[][] {{1}, {0}}));  // dgamma = xhat[0], dbeta = 1
        second.backward(d(new double[][] {{0}, {1}})); // dgamma = xhat[1], dbeta = 1
        List<Parameter> p = bn.parameters();
        assertEquals("head.0.bn.gamma", p.get(0).name());
        assertEquals(-1 / Math.sqrt(1 + 1e-5) + 2 / Math.sqrt(4 + 1e-5), p.get(0).gradient().getDouble(0), 1e-15);
        assertEquals(2.0, p.get(1).gradient().getDouble(0), 1e-15);
        assertEquals(List.of("head.0.bn.running_mean", "head.0.bn.running_var"), List.copyOf(bn.buffers().keySet()));
        assertEquals(bn.runningVar(), bn.buffers().get("head.0.bn.running_var"));
    }

    @Test
    void batchNormTrainingNeedsTwoRows() {
        BatchNorm1d bn = new BatchNorm1d("bn", 2, DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> bn.forward(d(new double[][] {{1, 2}}), Mode.TRAINING));
    }

    @Test
    void uniformInitDrawsEachTensorFromItsOwnSplittableRandom() {
        INDArray u = Init.uniform(DataType.FLOAT, 42, 0.5, 2, 3);
        SplittableRandom r = new SplittableRandom(42);
        assertEquals(DataType.FLOAT, u.dataType());
        for (int i = 0; i < 6; i++) {
            assertEquals((float) ((2 * r.nextDouble() - 1) * 0.5), u.getFloat(i / 3, i % 3), 0);
        }
        // Linear: weight [out, in] from the seed, bias [1, out] from seed + 1, both within 1/sqrt(in)
        Linear fc = new Linear("fc", 4, 3, true, DataType.DOUBLE, 9);
        assertEquals(Init.uniform(DataType.DOUBLE, 9, 0.5, 3, 4), fc.weight().value());
        assertEquals(Init.uniform(DataType.DOUBLE, 10, 0.5, 1, 3), fc.parameters().get(1).value());
    }

    /** Compares every input and parameter gradient of L = sum(R * y), R fixed, with central differences. */
    private static void checkGradients(Layer layer, INDArray x, Mode mode) {
        Traced pass = layer.forward(x, mode);
        INDArray r = Init.uniform(DataType.DOUBLE, 77, 1, pass.output().shape());
        INDArray dx = pass.backward(r).dup();
        DoubleSupplier loss = () -> layer.forward(x, mode).output().mul(r).sumNumber().doubleValue();
        compare("input", x, dx, loss);
        for (Parameter p : layer.parameters()) {
            compare(p.name(), p.value(), p.gradient().dup(), loss);
        }
    }

    private static void compare(String what, INDArray value, INDArray analytic, DoubleSupplier loss) {
        for (long i = 0; i < value.length(); i++) {
            double v0 = value.getDouble(i);
            value.putScalar(i, v0 + STEP);
            double up = loss.getAsDouble();
            value.putScalar(i, v0 - STEP);
            double down = loss.getAsDouble();
            value.putScalar(i, v0);
            assertEquals((up - down) / (2 * STEP), analytic.getDouble(i), TOLERANCE, what + "[" + i + "]");
        }
    }
}
