package io.github.seer4j.blocks;

import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight initialisation as pycls/torchvision do it, from a seeded Java generator (the same numbers on every backend):
 * convolutions N(0, sqrt(2 / fan_out)) with fan_out = kH * kW * outChannels, linear layers N(0, 0.01), biases 0.
 * {@link #uniform} gives PyTorch's default linear init (uniform in +-1/sqrt(fan_in)), as the SwAV head uses it.
 */
public final class Init {

    private final Random random;
    private final DataType dataType;

    public Init(long seed, DataType dataType) {
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("data type must be floating point (FLOAT or DOUBLE), got " + dataType);
        }
        this.random = new Random(seed);
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    /** A conv weight [out, inPerGroup, k, k] drawn from N(0, sqrt(2 / (k * k * out))). */
    public INDArray convWeight(int out, int inPerGroup, int kernel) {
        return normal(Math.sqrt(2.0 / (kernel * kernel * out)), out, inPerGroup, kernel, kernel);
    }

    /** A linear weight [out, in] drawn from N(0, 0.01). */
    public INDArray linearWeight(int out, int in) {
        return normal(0.01, out, in);
    }

    public INDArray constant(double value, long... shape) {
        return Nd4j.valueArrayOf(shape, value, dataType);
    }

    private INDArray normal(double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * std;
        }
        return Nd4j.create(values, shape, 'c').castTo(dataType);
    }

    /**
     * A tensor of {@code shape} uniform in [-bound, bound), drawn in row-major order from its own
     * {@code SplittableRandom(seed)} (independent of any instance's generator): PyTorch's default linear init with
     * {@code bound = 1 / sqrt(fan_in)}.
     */
    public static INDArray uniform(DataType dataType, long seed, double bound, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return Nd4j.create(values, shape, DataType.DOUBLE).castTo(dataType);
    }
}
