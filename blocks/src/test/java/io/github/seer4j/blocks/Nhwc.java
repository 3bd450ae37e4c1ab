package io.github.seer4j.blocks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test helpers: NCHW Java arrays (as the naive references index them) to and from the layers' NHWC tensors, and the
 * two engine paths a layer test runs: DOUBLE tensors take ND4J's native ops, FLOAT tensors the Java kernels.
 */
final class Nhwc {

    private Nhwc() {
    }

    /** An NCHW array as an NHWC tensor of the given type. */
    static INDArray tensor(double[][][][] nchw, DataType type) {
        return Nd4j.create(nchw).permute(0, 2, 3, 1).dup('c').castTo(type);
    }

    /** An NHWC tensor's values in NCHW order, as doubles. */
    static double[] nchwValues(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    /** Absolute tolerance for values of order one computed in this type (sums of a few hundred terms). */
    static double tolerance(DataType type) {
        return type == DataType.DOUBLE ? 1e-10 : 2e-5;
    }

    /** Which path a tensor of this type runs, for test names. */
    static String path(DataType type) {
        return type == DataType.DOUBLE ? "native ops" : "Java kernels";
    }
}
