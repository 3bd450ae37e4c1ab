// bf16 vs fp32 oneDNN convolutions on this CPU (the stretch goal "bf16 products on CPUs with AVX512-BF16 as an opt-in
// mixed precision"). For every convolution shape of RegNetY-200MF at 224 px, batch 16, NHWC activations (stem, then
// per stage: 1x1 w_in->w_out, grouped 3x3 w_out->w_out with group width 8, 1x1 w_out->w_out, and the stride-2 1x1
// projection shortcut; SE skipped), it plans oneDNN 2.5.2 forward_training, backward_data and backward_weights
// primitives twice, all f32 and with bf16 src/weights/dst/diff_src/diff_dst (diff_weights f32), weights in
// format_tag_any, and reports per shape and thread count (1 and 2 OpenMP threads, set through ND4J's
// setOmpNumThreads before the primitive descriptors are created):
//   - median ms of >= 7 timed runs (--runs, at least 5; short primitives get up to 41, ~100 ms) after 2 warm-ups
//     (dnnl_stream_wait after each) for fwd / bwd-data / bwd-weights,
//   - the implementation oneDNN picked for each (e.g. jit:avx512_core_bf16),
//   - the f32<->bf16 reorders of the NHWC activations (src and dst size, both directions): what a bf16 layer pays when
//     its neighbours stay f32 (forward src->bf16 and dst->f32, backward diff_dst->bf16 and diff_src->f32),
//   - accuracy of the bf16 results against f32 for N(0,1) src / diff_dst and Kaiming-scaled weights (std
//     sqrt(2 / fan_in)): relL2 = |b-f|/|f|, maxErrOverMaxAbs = max|b-f| / max|f|, maxRelErr = max |b-f|/|f| over the
//     elements with |f| >= rms(f) (plain elementwise relative error is unbounded at outputs that cancel to ~0),
//   - totals over the network (each shape weighted by how often it occurs; the stem's backward_data is measured but
//     left out of the totals, a training step never needs the image gradient) and the bf16 speed-up at each thread
//     count, without and with the activation conversions.
// Other processes share the 2 cores: before timing a shape it waits until they use < 10% of a core (from /proc/stat),
// and times the shape again (up to 4 tries) when they took more; othersCpuPct and attempts in the JSON say how it went.
// The strided 1x1 projection runs as the project runs it (OneDnnConvolution): a 1x1 stride-1 convolution on the
// picked pixels (the pick reorder itself is not timed). One JSON object goes to stdout; everything else to stderr.
//
// Build (offline) and run from the repository root:
//   mvn -B -ntp -q -o -DskipTests package -Dmaven.javadoc.skip -Dmaven.source.skip
//   flock /tmp/seer4j-bench.lock java -Xmx2g -cp "$(echo cli/target/seer4j-*-dist/seer4j-*/lib)/*" \
//       bench/Bf16Convolutions.java [--threads 1,2] [--runs 7] [--only SUBSTRING]
// Check the chosen kernels with DNNL_VERBOSE=1 (oneDNN then prints its lines to stdout too, so the JSON is mixed in);
// on this machine's AMD EPYC (avx512_bf16) the bf16 primitives run jit_bf16:avx512_core_bf16, the f32 ones
// jit:avx512_common, and the bf16 weight gradient is written as wei_f32 from bf16 src/diff_dst.

import static org.bytedeco.dnnl.global.dnnl.*;

import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

public class Bf16Convolutions {

    static final int N = 16;
    static dnnl_engine engine;
    static dnnl_stream stream;
    static final List<Object> KEEP = new ArrayList<>();
    static final List<String> UNIMPLEMENTED = new ArrayList<>();
    static int runs = 7;
    static final int WARMUPS = 2;

    /** One convolution geometry; stride-2 1x1 projections are given already picked (stride 1 at the output size). */
    record Shape(String name, int count, int h, int w, int ic, int oc, int k, int stride, int pad, int groups,
                 boolean needsBwdData) {
        int oh() {
            return (h + 2 * pad - k) / stride + 1;
        }

        int ow() {
            return (w + 2 * pad - k) / stride + 1;
        }
    }

    /** RegNetY-200MF (widths 24, 56, 152, 368, depths 1, 1, 4, 7, group width 8, bottleneck 1) at 224 px. */
    static List<Shape> shapes() {
        List<Shape> list = new ArrayList<>();
        list.add(new Shape("stem 3->32 3x3 s2 @224", 1, 224, 224, 3, 32, 3, 2, 1, 1, false));
        int[] widths = {24, 56, 152, 368};
        int[] depths = {1, 1, 4, 7};
        int win = 32;
        int size = 112;
        for (int s = 0; s < 4; s++) {
            int w = widths[s];
            int g = w / 8;
            int out = size / 2;
            String st = "s" + (s + 1) + " ";
            list.add(new Shape(st + "1x1 " + win + "->" + w + " @" + size, 1, size, size, win, w, 1, 1, 0, 1, true));
            list.add(new Shape(st + "3x3 g" + g + " " + w + " s2 @" + size, 1, size, size, w, w, 3, 2, 1, g, true));
            int sameCount = 1 + 2 * (depths[s] - 1); // the first block's last 1x1, both 1x1s of the later blocks
            if (w == win) {
                throw new IllegalStateException("a stage keeps its width");
            }
            list.add(new Shape(st + "1x1 " + w + "->" + w + " @" + out, sameCount, out, out, w, w, 1, 1, 0, 1, true));
            list.add(new Shape(st + "proj 1x1 " + win + "->" + w + " s2 @" + size + " (picked: s1 @" + out + ")", 1,
                    out, out, win, w, 1, 1, 0, 1, true));
            if (depths[s] > 1) {
                list.add(new Shape(st + "3x3 g" + g + " " + w + " s1 @" + out, depths[s] - 1, out, out, w, w, 3, 1,
                        1, g, true));
            }
            win = w;
            size = out;
        }
        return list;
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            String name = switch (status) {
                case dnnl_out_of_memory -> "out of memory";
                case dnnl_invalid_arguments -> "invalid arguments";
                case dnnl_unimplemented -> "unimplemented";
                case dnnl_runtime_error -> "runtime error";
                default -> "status " + status;
            };
            throw new IllegalStateException("oneDNN failed " + what + ": " + name);
        }
    }

    static dnnl_memory_desc_t desc(int dataType, int tag, long... dims) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, dataType, tag), "describing a tensor");
        KEEP.add(d);
        return d;
    }

    /** A 64-byte aligned buffer of {@code bytes} (JavaCPP's malloc is only 16-byte aligned). */
    static BytePointer aligned(long bytes) {
        BytePointer raw = new BytePointer(bytes + 64);
        KEEP.add(raw);
        long off = (64 - (raw.address() & 63)) & 63;
        BytePointer p = new BytePointer(raw);
        p.position(off).limit(off + bytes);
        KEEP.add(p);
        return p;
    }

    /** A memory object of the layout with its own aligned buffer. */
    record Mem(dnnl_memory_desc_t desc, dnnl_memory memory, BytePointer data) {
        static Mem of(dnnl_memory_desc_t desc) {
            BytePointer data = aligned(Math.max(64, dnnl_memory_desc_get_size(desc)));
            dnnl_memory m = new dnnl_memory();
            check(dnnl_memory_create(m, desc, engine, data), "creating a memory object");
            KEEP.add(m);
            return new Mem(desc, m, data);
        }

        void put(float[] values) {
            data.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().put(values);
        }

        float[] get(int n) {
            float[] out = new float[n];
            data.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
            return out;
        }
    }

    /** A primitive with its arguments. */
    record Prim(dnnl_primitive primitive, dnnl_exec_arg_t args, int count, String impl) {
        void run() {
            check(dnnl_primitive_execute(primitive, stream, count, args), "running " + impl);
            check(dnnl_stream_wait(stream), "waiting for " + impl);
        }

        /** Median ms of at least {@link #runs} runs after {@link #WARMUPS} warm-ups. */
        double time() {
            long warm = 0;
            for (int i = 0; i < WARMUPS; i++) {
                long t0 = System.nanoTime();
                run();
                warm = System.nanoTime() - t0;
            }
            // at least --runs runs; short primitives get more (up to 41, about 100 ms) for a steadier median
            int n = (int) Math.max(runs, Math.min(41, 100e6 / Math.max(1, warm)));
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                run();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        }
    }

    static String impl(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> out = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, out), "naming an implementation");
        return out.get(BytePointer.class, 0).getString();
    }

    static Prim prim(dnnl_primitive_desc pd, String what, int[] kinds, Mem... mems) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), what);
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            a.position(i).arg(kinds[i]).memory(mems[i].memory());
        }
        KEEP.add(p);
        KEEP.add(a);
        KEEP.add(pd);
        return new Prim(p, a.position(0), kinds.length, impl(pd));
    }

    /** A primitive descriptor, or null (recorded) when oneDNN has no implementation. */
    static dnnl_primitive_desc pd(org.bytedeco.javacpp.Pointer opDesc, dnnl_primitive_desc hint, String what) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        int status = dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), null, engine, hint);
        KEEP.add(opDesc);
        if (status == dnnl_unimplemented) {
            return null;
        }
        check(status, what);
        return pd;
    }

    static Prim reorder(Mem from, Mem to) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, from.desc(), engine, to.desc(), engine, null),
                "planning a reorder");
        return prim(pd, "creating a reorder", new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, from, to);
    }

    static void copy(Mem from, Mem to) {
        reorder(from, to).run();
    }

    /** The three primitives of one shape in one precision, with their memories. */
    static final class Conv {
        final String dt;
        Prim fwd;
        Prim bwdData;
        Prim bwdWeights;
        Mem src;
        Mem dst;
        Mem diffSrc;
        Mem diffDst;
        Mem diffWeights;
        final List<String> notes = new ArrayList<>();

        Conv(Shape s, int dataType, Mem xPlain, Mem wPlain, Mem dyPlain) {
            dt = dataType == dnnl_bf16 ? "bf16" : "f32";
            long[] xd = {N, s.ic(), s.h(), s.w()};
            long[] yd = {N, s.oc(), s.oh(), s.ow()};
            long[] wd = s.groups() == 1 ? new long[] {s.oc(), s.ic(), s.k(), s.k()}
                    : new long[] {s.groups(), s.oc() / s.groups(), s.ic() / s.groups(), s.k(), s.k()};
            long[] strides = {s.stride(), s.stride()};
            long[] pads = {s.pad(), s.pad()};
            dnnl_memory_desc_t x = desc(dataType, dnnl_nhwc, xd);
            dnnl_memory_desc_t y = desc(dataType, dnnl_nhwc, yd);
            dnnl_memory_desc_t wAny = desc(dataType, dnnl_format_tag_any, wd);
            dnnl_memory_desc_t dwAny = desc(dnnl_f32, dnnl_format_tag_any, wd); // diff_weights stay f32
            String tag = s.name() + " " + dt;

            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct, x, wAny,
                    null, y, strides, pads, pads), "describing " + tag);
            dnnl_primitive_desc fpd = pd(fd, null, "planning " + tag);
            dnnl_memory_desc_t yUsed = y;
            if (fpd == null && dataType == dnnl_bf16) { // fall back to an f32 dst
                UNIMPLEMENTED.add(tag + " forward with bf16 dst (retried with f32 dst)");
                yUsed = desc(dnnl_f32, dnnl_nhwc, yd);
                fd = new dnnl_convolution_desc_t();
                check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct, x, wAny,
                        null, yUsed, strides, pads, pads), "describing " + tag);
                fpd = pd(fd, null, "planning " + tag);
                notes.add("fwd dst f32");
            }
            if (fpd == null) {
                UNIMPLEMENTED.add(tag + " forward");
                return;
            }
            src = Mem.of(x);
            dst = Mem.of(yUsed);
            diffDst = Mem.of(y);
            copy(xPlain, src);
            copy(dyPlain, diffDst);
            Mem wf = Mem.of(dnnl_primitive_desc_query_md(fpd, dnnl_query_weights_md, 0));
            copy(wPlain, wf);
            fwd = prim(fpd, "creating " + tag, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, src, wf,
                    dst);

            dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
            check(dnnl_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, x, wAny, y, strides, pads,
                    pads), "describing the backward of " + tag);
            dnnl_primitive_desc bpd = pd(bd, fpd, "planning the backward of " + tag);
            dnnl_memory_desc_t dxUsed = x;
            if (bpd == null && dataType == dnnl_bf16) {
                UNIMPLEMENTED.add(tag + " backward_data with bf16 diff_src (retried with f32 diff_src)");
                dxUsed = desc(dnnl_f32, dnnl_nhwc, xd);
                bd = new dnnl_convolution_desc_t();
                check(dnnl_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, dxUsed, wAny, y, strides,
                        pads, pads), "describing the backward of " + tag);
                bpd = pd(bd, fpd, "planning the backward of " + tag);
                notes.add("bwd-data diff_src f32");
            }
            if (bpd == null) {
                UNIMPLEMENTED.add(tag + " backward_data");
            } else {
                diffSrc = Mem.of(dxUsed);
                Mem wb = Mem.of(dnnl_primitive_desc_query_md(bpd, dnnl_query_weights_md, 0));
                copy(wPlain, wb);
                bwdData = prim(bpd, "creating the backward of " + tag,
                        new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}, diffDst, wb, diffSrc);
            }

            dnnl_convolution_desc_t wdsc = new dnnl_convolution_desc_t();
            check(dnnl_convolution_backward_weights_desc_init(wdsc, dnnl_convolution_direct, x, dwAny, null, y,
                    strides, pads, pads), "describing the weight gradient of " + tag);
            dnnl_primitive_desc wpd = pd(wdsc, fpd, "planning the weight gradient of " + tag);
            if (wpd == null && dataType == dnnl_bf16) {
                UNIMPLEMENTED.add(tag + " backward_weights with f32 diff_weights (retried with bf16 diff_weights)");
                wdsc = new dnnl_convolution_desc_t();
                check(dnnl_convolution_backward_weights_desc_init(wdsc, dnnl_convolution_direct, x, wAny, null, y,
                        strides, pads, pads), "describing the weight gradient of " + tag);
                wpd = pd(wdsc, fpd, "planning the weight gradient of " + tag);
                notes.add("bwd-weights diff_weights bf16");
            }
            if (wpd == null) {
                UNIMPLEMENTED.add(tag + " backward_weights");
            } else {
                diffWeights = Mem.of(dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 0));
                bwdWeights = prim(wpd, "creating the weight gradient of " + tag,
                        new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS}, src, diffDst,
                        diffWeights);
            }
        }
    }

    static float[] gaussian(SplittableRandom r, long n, double std) {
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * std);
        }
        return a;
    }

    /** The values of {@code m} read back through a reorder into {@code plain} (an f32 plain layout). */
    static float[] read(Mem m, Mem plainF32, int n) {
        copy(m, plainF32);
        return plainF32.get(n);
    }

    /** relL2, maxErrOverMaxAbs and maxRelErr (over |f| >= rms(f)) of b against f. */
    static Map<String, Object> errors(float[] b, float[] f) {
        double ss = 0;
        double sd = 0;
        double maxAbs = 0;
        double maxErr = 0;
        for (int i = 0; i < f.length; i++) {
            double d = b[i] - f[i];
            ss += (double) f[i] * f[i];
            sd += d * d;
            maxAbs = Math.max(maxAbs, Math.abs(f[i]));
            maxErr = Math.max(maxErr, Math.abs(d));
        }
        double rms = Math.sqrt(ss / f.length);
        double maxRel = 0;
        for (int i = 0; i < f.length; i++) {
            if (Math.abs(f[i]) >= rms) {
                maxRel = Math.max(maxRel, Math.abs(b[i] - f[i]) / Math.abs(f[i]));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxRelErr", maxRel);
        m.put("maxErrOverMaxAbs", maxErr / maxAbs);
        m.put("relL2", Math.sqrt(sd / ss));
        return m;
    }

    static Map<String, Object> timings(Conv c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fwdMs", c.fwd == null ? null : c.fwd.time());
        m.put("bwdDataMs", c.bwdData == null ? null : c.bwdData.time());
        m.put("bwdWeightsMs", c.bwdWeights == null ? null : c.bwdWeights.time());
        Map<String, Object> impl = new LinkedHashMap<>();
        impl.put("fwd", c.fwd == null ? "unimplemented" : c.fwd.impl());
        impl.put("bwdData", c.bwdData == null ? "unimplemented" : c.bwdData.impl());
        impl.put("bwdWeights", c.bwdWeights == null ? "unimplemented" : c.bwdWeights.impl());
        m.put("impl", impl);
        if (!c.notes.isEmpty()) {
            m.put("notes", c.notes);
        }
        return m;
    }

    static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? Double.NaN : (Double) v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> runThreads(int threads, List<Shape> shapes) throws InterruptedException {
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        int omp = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", threads);
        out.put("ompGetMaxThreads", omp);
        List<Object> rows = new ArrayList<>();
        double[] f32 = new double[3];
        double[] bf16 = new double[3];
        double conversions = 0;
        int contended = 0;
        for (Shape s : shapes) {
            long t0 = System.nanoTime();
            SplittableRandom r = new SplittableRandom(42);
            long xn = (long) N * s.h() * s.w() * s.ic();
            long yn = (long) N * s.oh() * s.ow() * s.oc();
            long wn = (long) s.oc() * (s.ic() / s.groups()) * s.k() * s.k();
            long[] xd = {N, s.ic(), s.h(), s.w()};
            long[] yd = {N, s.oc(), s.oh(), s.ow()};
            long[] wd = s.groups() == 1 ? new long[] {s.oc(), s.ic(), s.k(), s.k()}
                    : new long[] {s.groups(), s.oc() / s.groups(), s.ic() / s.groups(), s.k(), s.k()};
            Mem xPlain = Mem.of(desc(dnnl_f32, dnnl_nhwc, xd));
            Mem yPlain = Mem.of(desc(dnnl_f32, dnnl_nhwc, yd));
            Mem wPlain = Mem.of(desc(dnnl_f32, s.groups() == 1 ? dnnl_oihw : dnnl_goihw, wd));
            Mem scratchX = Mem.of(desc(dnnl_f32, dnnl_nhwc, xd));
            Mem scratchY = Mem.of(desc(dnnl_f32, dnnl_nhwc, yd));
            Mem scratchW = Mem.of(desc(dnnl_f32, s.groups() == 1 ? dnnl_oihw : dnnl_goihw, wd));
            xPlain.put(gaussian(r, xn, 1));
            yPlain.put(gaussian(r, yn, 1));
            wPlain.put(gaussian(r, wn, Math.sqrt(2.0 / ((s.ic() / s.groups()) * s.k() * s.k()))));

            Conv cf = new Conv(s, dnnl_f32, xPlain, wPlain, yPlain);
            Conv cb = new Conv(s, dnnl_bf16, xPlain, wPlain, yPlain);
            // the activation conversions a bf16 layer pays between f32 neighbours
            Mem xb = Mem.of(desc(dnnl_bf16, dnnl_nhwc, xd));
            Mem yb = Mem.of(desc(dnnl_bf16, dnnl_nhwc, yd));
            Prim srcTo = reorder(xPlain, xb);
            Prim srcFrom = reorder(xb, scratchX);
            Prim dstTo = reorder(yPlain, yb);
            Prim dstFrom = reorder(yb, scratchY);

            // other processes share the 2 cores: wait for them to be quiet, and measure again (up to 4 tries) when
            // they took more than 10% of a core while this shape was timed
            Map<String, Object> tf;
            Map<String, Object> tb;
            Map<String, Object> reorders;
            double others;
            int attempts = 0;
            double waited = 0;
            do {
                waited += waitQuiet();
                long[] before = cpuTicks();
                long w0 = System.nanoTime();
                tf = timings(cf);
                tb = timings(cb);
                reorders = new LinkedHashMap<>();
                reorders.put("srcToBf16Ms", srcTo.time());
                reorders.put("srcToF32Ms", srcFrom.time());
                reorders.put("dstToBf16Ms", dstTo.time());
                reorders.put("dstToF32Ms", dstFrom.time());
                long[] after = cpuTicks();
                others = othersPercent(before, after, (System.nanoTime() - w0) / 1e9);
                attempts++;
            } while (others > 10 && attempts < 4);
            double conv = num(reorders, "srcToBf16Ms") + num(reorders, "dstToF32Ms") + num(reorders, "dstToBf16Ms")
                    + (s.needsBwdData() ? num(reorders, "srcToF32Ms") : 0);
            reorders.put("perStepMs", conv);
            reorders.put("impl", srcTo.impl() + " / " + srcFrom.impl());

            // accuracy of the bf16 results against f32 (the timed runs left their results in place)
            Map<String, Object> acc = new LinkedHashMap<>();
            if (cf.fwd != null && cb.fwd != null) {
                acc.put("fwd", errors(read(cb.dst, scratchY, (int) yn), read(cf.dst, scratchY, (int) yn)));
            }
            if (cf.bwdData != null && cb.bwdData != null) {
                acc.put("bwdData", errors(read(cb.diffSrc, scratchX, (int) xn), read(cf.diffSrc, scratchX, (int) xn)));
            }
            if (cf.bwdWeights != null && cb.bwdWeights != null) {
                acc.put("bwdWeights", errors(read(cb.diffWeights, scratchW, (int) wn),
                        read(cf.diffWeights, scratchW, (int) wn)));
            }

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("shape", s.name());
            row.put("count", s.count());
            row.put("n_h_w_ic_oc_k_stride_groups", new int[] {N, s.h(), s.w(), s.ic(), s.oc(), s.k(), s.stride(),
                    s.groups()});
            row.put("f32", tf);
            row.put("bf16", tb);
            row.put("reorders", reorders);
            row.put("accuracy", acc);
            row.put("othersCpuPct", others);
            row.put("attempts", attempts);
            row.put("waitedForQuietS", waited);
            contended += others > 10 ? 1 : 0;
            rows.add(row);

            String[] keys = {"fwdMs", "bwdDataMs", "bwdWeightsMs"};
            for (int i = 0; i < 3; i++) {
                if (i == 1 && !s.needsBwdData()) {
                    continue;
                }
                f32[i] += s.count() * num(tf, keys[i]);
                bf16[i] += s.count() * num(tb, keys[i]);
            }
            conversions += s.count() * conv;
            System.err.printf(Locale.ROOT, "threads %d  %-45s f32 %s  bf16 %s  (%.1f s, others %.0f%%, %d tries)%n",
                    threads, s.name(), fmt(tf), fmt(tb), (System.nanoTime() - t0) / 1e9, others, attempts);
            KEEP.clear(); // the shape's buffers and primitives may go (JavaCPP frees them when collected)
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("f32", sums(f32));
        totals.put("bf16", sums(bf16));
        totals.put("conversionsMs", conversions);
        totals.put("shapesStillContended", contended);
        double sf = f32[0] + f32[1] + f32[2];
        double sb = bf16[0] + bf16[1] + bf16[2];
        totals.put("speedupFwd", f32[0] / bf16[0]);
        totals.put("speedupBwdData", f32[1] / bf16[1]);
        totals.put("speedupBwdWeights", f32[2] / bf16[2]);
        totals.put("speedup", sf / sb);
        totals.put("speedupWithConversions", sf / (sb + conversions));
        out.put("shapes", rows);
        out.put("totals", totals);
        return out;
    }

    static Map<String, Object> sums(double[] t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fwdMs", t[0]);
        m.put("bwdDataMs", t[1]);
        m.put("bwdWeightsMs", t[2]);
        m.put("sumMs", t[0] + t[1] + t[2]);
        return m;
    }

    static String fmt(Map<String, Object> t) {
        return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", num(t, "fwdMs"), num(t, "bwdDataMs"),
                num(t, "bwdWeightsMs"));
    }

    // ---- minimal JSON writer ----
    static void json(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                json(b, String.valueOf(e.getKey()));
                b.append(':');
                json(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                json(b, l.get(i));
            }
            b.append(']');
        } else if (v instanceof int[] a) {
            b.append(Arrays.toString(a).replace(" ", ""));
        } else if (v instanceof Double d) {
            b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d));
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else {
            String s = v.toString();
            b.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }

    public static void main(String[] args) throws Exception {
        PrintStream json = System.out;
        System.setOut(System.err); // libraries' chatter must not spoil the JSON
        int[] threadCounts = {1, 2};
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threadCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (runs < 5) {
            throw new IllegalArgumentException("--runs must be >= 5");
        }
        // ND4J first (the project's order): its setOmpNumThreads is how the project sets oneDNN's OpenMP threads
        org.nd4j.linalg.factory.Nd4j.create(1); // loads the backend, whose properties NativeOpsHolder reads
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        engine = new dnnl_engine();
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "creating the CPU engine");
        stream = new dnnl_stream();
        check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "creating a stream");

        List<Shape> shapes = new ArrayList<>();
        for (Shape s : shapes()) {
            if (only == null || s.name().contains(only)) {
                shapes.add(s);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        var v = dnnl_version();
        result.put("benchmark", "bf16 vs f32 oneDNN convolutions, RegNetY-200MF 224px batch 16 NHWC");
        result.put("onednn", v.major() + "." + v.minor() + "." + v.patch());
        result.put("cpuFlags", cpuFlags());
        result.put("runs", runs);
        result.put("warmups", WARMUPS);
        List<Object> perThreads = new ArrayList<>();
        for (int t : threadCounts) {
            perThreads.add(runThreads(t, shapes));
        }
        result.put("results", perThreads);
        result.put("unimplemented", new ArrayList<>(new java.util.LinkedHashSet<>(UNIMPLEMENTED)));
        result.put("gompLibraries", Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains("libgomp")).map(l -> l.substring(l.indexOf('/'))).distinct().toList());
        result.put("notes", List.of(
                "times are medians in ms; totals weight each shape by its count; the stem's backward_data is "
                        + "measured but not in the totals",
                "bf16 = bf16 src/weights/dst/diff_src/diff_dst with f32 diff_weights; weights format_tag_any",
                "conversionsMs: per step, src->bf16 + dst->f32 (forward) + diff_dst->bf16 + diff_src->f32 "
                        + "(backward) at every convolution, i.e. bf16 convolutions between f32 neighbours",
                "accuracy: maxRelErr over elements with |f32| >= rms(f32); relL2 = |bf16-f32|/|f32|",
                "stride-2 1x1 projections run as stride-1 1x1 on the picked pixels, as in OneDnnConvolution"));
        StringBuilder b = new StringBuilder();
        json(b, result);
        json.println(b);
        json.flush();
    }

    /** Busy ticks of the whole machine and of this process (USER_HZ, 100 per second), from /proc. */
    static long[] cpuTicks() {
        try {
            String[] c = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                busy += Long.parseLong(c[i]);
            }
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            return new long[] {busy, Long.parseLong(f[11]) + Long.parseLong(f[12])}; // utime stime
        } catch (java.io.IOException e) {
            return new long[] {0, 0};
        }
    }

    /** Percent of one core that other processes used between two samples {@code seconds} apart. */
    static double othersPercent(long[] before, long[] after, double seconds) {
        long others = (after[0] - before[0]) - (after[1] - before[1]);
        return Math.max(0, others) / 100.0 / seconds * 100;
    }

    /** Waits (up to 60 s) until other processes use under 10% of a core; returns the seconds waited. */
    static double waitQuiet() throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 60e9) {
            long[] before = cpuTicks();
            Thread.sleep(300);
            if (othersPercent(before, cpuTicks(), 0.3) < 10) {
                break;
            }
            Thread.sleep(1000);
        }
        return (System.nanoTime() - t0) / 1e9 - 0.3;
    }

    static String cpuFlags() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (l.startsWith("flags")) {
                return Arrays.stream(l.split("\\s+")).filter(f -> f.startsWith("avx512") || f.equals("amx_bf16"))
                        .reduce((a, c) -> a + " " + c).orElse("");
            }
        }
        return "";
    }
}
