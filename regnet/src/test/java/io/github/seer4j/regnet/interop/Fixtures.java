package io.github.seer4j.regnet.interop;

import io.github.seer4j.designspace.HeadSpec;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.StageSpec;
import io.github.seer4j.designspace.StemSpec;
import io.github.seer4j.regnet.RegNetNetwork;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared fixtures of the interop tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** The spec of src/test/python/torchvision_fixture.py's 'tiny' RegNet (torchvision BlockParams, stem 8). */
    static NetworkSpec tiny() {
        return new NetworkSpec("tiny", new StemSpec(3, 8),
                List.of(new StageSpec(16, 1, 2, 8, 1.0, 0.25), new StageSpec(32, 2, 2, 8, 1.0, 0.25)),
                new HeadSpec(10), null);
    }

    /** A file under src/test/resources/interop. */
    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/interop/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource interop/" + name, e);
        }
    }

    /** Gives every tensor random values (batch-norm variances and gammas positive) so that outputs test every weight. */
    static RegNetNetwork randomize(RegNetNetwork net, long seed) {
        Random r = new Random(seed);
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            INDArray v = e.getValue();
            double[] d = new double[(int) v.length()];
            String n = e.getKey();
            boolean bn = n.contains("bn.") || n.startsWith("s") && n.matches(".*\\.bn\\..*");
            for (int i = 0; i < d.length; i++) {
                if (n.endsWith("running_var") || (bn && n.endsWith(".weight"))) {
                    d[i] = 0.5 + r.nextDouble();
                } else if (n.endsWith("running_mean") || n.endsWith(".bias")) {
                    d[i] = 0.2 * r.nextGaussian();
                } else {
                    d[i] = r.nextGaussian() * Math.sqrt(2.0 / (v.length() / v.size(0)));
                }
            }
            v.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(d).reshape(v.shape()).castTo(v.dataType()));
        }
        return net;
    }

    /** max |a - b| / max |b|: the error relative to the output's scale (normwise, infinity norm). */
    static double maxRelative(INDArray a, INDArray b) {
        double[] x = a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] y = b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            diff = Math.max(diff, Math.abs(x[i] - y[i]));
            scale = Math.max(scale, Math.abs(y[i]));
        }
        return diff / scale;
    }

    /**
     * A random small spec (seeded): 2-3 stages of depth 1-2, strides 1 or 2, group widths 4-16, bottleneck 0.5 or 1,
     * SE on (even seeds) or off (odd), any input channels and head size.
     */
    static NetworkSpec randomSpec(long seed) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L);
        boolean se = seed % 2 == 0; // odd seeds: X blocks, even: Y blocks
        List<StageSpec> stages = new java.util.ArrayList<>();
        for (int s = 0, n = 2 + r.nextInt(2); s < n; s++) {
            int gw = 4 << r.nextInt(3);
            double bottleneck = r.nextBoolean() ? 1.0 : 0.5;
            int width = (int) (gw / bottleneck) * (1 + r.nextInt(3));
            stages.add(new StageSpec(width, 1 + r.nextInt(2), 1 + r.nextInt(2), gw, bottleneck, se ? 0.25 : 0));
        }
        return new NetworkSpec("random-" + seed, new StemSpec(1 + r.nextInt(3), 8 + 4 * r.nextInt(3)), stages,
                new HeadSpec(r.nextInt(3) * 5), null);
    }
}
