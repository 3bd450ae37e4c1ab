package io.github.seer4j.regnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.blocks.Mode;
import io.github.seer4j.blocks.Parameter;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Back-propagated gradients of a tiny RegNetY (double precision, training mode) against central finite differences of
 * L = sum(output * R), for a sample of every parameter tensor's entries and of the input.
 */
class GradientCheckTest {

    private static final double H = 1e-6;

    @ParameterizedTest(name = "classes={0}")
    @ValueSource(ints = {3, 0})
    void backwardMatchesFiniteDifferences(int classes) {
        // 6x6 input: stem 3x3, stage 1 3x3, stage 2 2x2, stage 3 1x1 (its second block uses the centre-tap path)
        RegNetNetwork net = RegNetNetwork.build(TinyNets.spec(classes),
                RegNetOptions.defaults().withDataType(DataType.DOUBLE).withSeed(5));
        Random r = new Random(9);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 6, 6).subi(0.5);
        ForwardPass pass = net.forward(x, Mode.TRAINING);
        INDArray weights = Nd4j.rand(DataType.DOUBLE, pass.output().shape()).subi(0.5);
        INDArray gradX = pass.backward(weights);

        int checked = 0;
        double worst = 0;
        for (Parameter p : net.parameters()) {
            INDArray flat = p.value().reshape(p.value().length());
            INDArray gflat = p.gradient().reshape(p.gradient().length());
            for (int k = 0; k < 1; k++) {
                long i = r.nextInt((int) flat.length());
                double numeric = numericGradient(net, x, weights, flat, i);
                worst = Math.max(worst, check(p.name() + "[" + i + "]", gflat.getDouble(i), numeric));
                checked++;
            }
        }
        INDArray xflat = x.reshape(x.length());
        for (int k = 0; k < 6; k++) {
            long i = r.nextInt((int) xflat.length());
            double numeric = numericGradient(net, x, weights, xflat, i);
            worst = Math.max(worst, check("input[" + i + "]", gradX.reshape(gradX.length()).getDouble(i), numeric));
            checked++;
        }
        assertTrue(checked > 40, "checked " + checked);
    }

    private static double check(String what, double analytic, double numeric) {
        double err = Math.abs(analytic - numeric) / Math.max(1e-6, Math.abs(analytic) + Math.abs(numeric));
        assertTrue(err < 1e-5 || Math.abs(analytic - numeric) < 1e-8,
                what + ": backprop " + analytic + " vs finite difference " + numeric);
        return err;
    }

    private static double numericGradient(RegNetNetwork net, INDArray x, INDArray weights, INDArray flat, long i) {
        double orig = flat.getDouble(i);
        flat.putScalar(i, orig + H);
        double plus = net.forward(x, Mode.TRAINING).output().mul(weights).sumNumber().doubleValue();
        flat.putScalar(i, orig - H);
        double minus = net.forward(x, Mode.TRAINING).output().mul(weights).sumNumber().doubleValue();
        flat.putScalar(i, orig);
        return (plus - minus) / (2 * H);
    }
}
