package io.github.seer4j.swav;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded parameter initialisation (PyTorch's default for linear layers: uniform in +-1/sqrt(fan_in)). */
final class Init {

    private Init() {}

    static INDArray uniform(DataType type, long seed, double bound, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (2 * r.nextDouble() - 1) * bound;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }
}
