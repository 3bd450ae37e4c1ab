package io.github.seer4j.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The dense layers' FLOAT kernels on the CPU (oneDNN's batch norm on rows, the Java loops of ReLU, L2 normalisation
 * and the bias) against the same layers in DOUBLE, whose ND4J path {@link DenseLayersTest} checks against central
 * differences and hand-computed values: outputs, input gradients, parameter gradients added up over two passes, and
 * batch norm's running statistics after them, at 1 and 2 threads.
 */
class DenseLayersFloatTest {

    private static final double TOLERANCE = 2e-5;

    @Test
    void batchNormInTrainingAndInference() {
        for (int threads : new int[] {1, 2}) {
            compare(threads, () -> withAffine(new BatchNorm1d("bn", 5, DataType.DOUBLE)),
                    () -> withAffine(new BatchNorm1d("bn", 5, DataType.FLOAT)), 6, 5, Mode.TRAINING);
            compare(threads, () -> withAffine(new BatchNorm1d("bn", 5, DataType.DOUBLE)),
                    () -> withAffine(new BatchNorm1d("bn", 5, DataType.FLOAT)), 6, 5, Mode.INFERENCE);
        }
    }

    @Test
    void reluL2NormalizeAndLinear() {
        for (int threads : new int[] {1, 2}) {
            compare(threads, Relu::new, Relu::new, 7, 40_000, Mode.TRAINING); // several chunks, split over threads
            compare(threads, L2Normalize::new, L2Normalize::new, 5, 9, Mode.TRAINING);
            compare(threads, () -> new Linear("fc", 6, 4, true, DataType.DOUBLE, 3),
                    () -> new Linear("fc", 6, 4, true, DataType.FLOAT, 3), 5, 6, Mode.TRAINING);
        }
    }

    @Test
    void rowsNormalisedInPlaceHaveUnitLengthAndZeroRowsStayZero() {
        INDArray x = Init.uniform(DataType.FLOAT, 5, 2, 3, 4);
        x.getRow(1).assign(0);
        INDArray expected = x.castTo(DataType.DOUBLE);
        L2Normalize.inPlace(x);
        for (int r = 0; r < 3; r++) {
            double norm = expected.getRow(r).norm2Number().doubleValue();
            for (int c = 0; c < 4; c++) {
                double want = norm == 0 ? 0 : expected.getDouble(r, c) / norm;
                assertEquals(want, x.getDouble(r, c), 1e-6);
            }
        }
    }

    private static BatchNorm1d withAffine(BatchNorm1d bn) {
        DataType type = bn.parameters().get(0).value().dataType();
        bn.parameters().get(0).value().assign(Init.uniform(type, 11, 1, 1, 5).addi(1.5));
        bn.parameters().get(1).value().assign(Init.uniform(type, 12, 1, 1, 5));
        bn.runningMean().assign(Init.uniform(type, 13, 1, 1, 5));
        bn.runningVar().assign(Init.uniform(type, 14, 1, 1, 5).addi(2));
        return bn;
    }

    /** Two passes of L = sum(R * y) through each layer on the same input: every result within tolerance. */
    private static void compare(int threads, Supplier<Layer> reference, Supplier<Layer> floats, int rows, int cols,
                                Mode mode) {
        int before = EngineThreads.threads();
        EngineThreads.set(threads);
        try {
            Layer ref = reference.get();
            Layer fl = floats.get();
            for (int pass = 0; pass < 2; pass++) {
                INDArray x = Init.uniform(DataType.DOUBLE, 21 + pass, 2, rows, cols);
                INDArray r = Init.uniform(DataType.DOUBLE, 77 + pass, 1, rows, cols == 6 ? 4 : cols);
                Traced a = ref.forward(x, mode);
                Traced b = fl.forward(x.castTo(DataType.FLOAT), mode);
                assertEquals(DataType.FLOAT, b.output().dataType());
                close("output", a.output(), b.output());
                close("input gradient", a.backward(r), b.backward(r.castTo(DataType.FLOAT)));
            }
            List<Parameter> pa = ref.parameters();
            List<Parameter> pb = fl.parameters();
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                close(pa.get(i).name() + " gradient", pa.get(i).gradient(), pb.get(i).gradient());
            }
            for (String buffer : ref.buffers().keySet()) {
                close(buffer, ref.buffers().get(buffer), fl.buffers().get(buffer));
            }
        } finally {
            EngineThreads.set(before);
        }
    }

    private static void close(String what, INDArray expected, INDArray actual) {
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + ": shapes differ");
        for (long i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i);
            assertEquals(e, actual.getDouble(i), TOLERANCE * Math.max(1, Math.abs(e)), what + "[" + i + "]");
        }
    }
}
