package io.github.seer4j.blocks;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * max(0, x) on any shape, with its backward (the gradient passes where the output is positive, as in PyTorch). On the
 * CPU (FLOAT) Java loops over L2-sized chunks; elsewhere ND4J's ops.
 */
public final class Relu implements Layer {

    /** Values a chunk of the Java loops handles at once (two such arrays stay in a core's L2). */
    private static final int CHUNK = 1 << 14;

    @Override
    public Traced forward(INDArray x, Mode mode) {
        if (!HostArrays.usable(x)) {
            INDArray mask = x.gt(0).castTo(x.dataType());
            return new Traced(Transforms.relu(x, true), g -> g.mul(mask));
        }
        INDArray xd = HostArrays.dense(x);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        chunks(y.length(), (from, n) -> {
            float[] v = HostArrays.read(xd, from, n, HostArrays.scratch(0, CHUNK), 0);
            for (int i = 0; i < n; i++) {
                v[i] = Math.max(v[i], 0f); // NaN stays NaN
            }
            HostArrays.write(v, 0, y, from, n);
        });
        return new Traced(y, g -> {
            INDArray gd = HostArrays.dense(g);
            INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
            chunks(y.length(), (from, n) -> {
                float[] out = HostArrays.read(y, from, n, HostArrays.scratch(0, CHUNK), 0);
                float[] grad = HostArrays.read(gd, from, n, HostArrays.scratch(1, CHUNK), 0);
                for (int i = 0; i < n; i++) {
                    out[i] = out[i] > 0 ? grad[i] : 0f;
                }
                HostArrays.write(out, 0, dx, from, n);
            });
            return dx;
        });
    }

    /** A chunk of values: from its first, n of them. */
    private interface Chunk {
        void run(long from, int n);
    }

    /** Every chunk of {@code length} values, the chunks shared out over the engine's threads. */
    private static void chunks(long length, Chunk chunk) {
        int count = Math.toIntExact((length + CHUNK - 1) / CHUNK);
        int parts = Math.min(count, EngineThreads.parts(length, 8L * CHUNK));
        EngineThreads.run(parts, p -> {
            for (int c = EngineThreads.split(count, parts, p); c < EngineThreads.split(count, parts, p + 1); c++) {
                long from = (long) c * CHUNK;
                chunk.run(from, (int) Math.min(CHUNK, length - from));
            }
        });
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Map.of();
    }
}
