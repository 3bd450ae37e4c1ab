package io.github.seer4j.regnet.interop;

import io.github.seer4j.regnet.RegNetNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A seer4j network's state as torchvision's {@code RegNet} state dict, both ways, in safetensors files.
 *
 * <p>Names map one to one ({@code stem.conv/bn} = {@code stem.0/1}; block {@code s{S}.b{I}} =
 * {@code trunk_output.block{S}.block{S}-{I-1}}; inside it {@code f.a} = {@code f.a.0}, {@code f.a_bn} =
 * {@code f.a.1} (same for b, c), {@code f.se.f_ex.0/2} = {@code f.se.fc1/fc2}, {@code proj}/{@code bn} =
 * {@code proj.0/1}; {@code head.fc} = {@code fc}); layouts are already PyTorch's (conv [out, in/G, k, k],
 * fc [out, in]). Each batch norm also gets torchvision's {@code num_batches_tracked} (I64, value 0) on export so
 * that {@code load_state_dict(strict=True)} accepts the file; it is ignored on import.
 *
 * <p>Two shapes have no torchvision default: a <b>1-channel stem</b> ({@code stem.0.weight} [w, 1, 3, 3]) loads into
 * a torchvision {@code RegNet} whose stem is built for 1 channel (replace {@code model.stem} with
 * {@code SimpleStemIN(1, w, norm_layer)} before loading), or, exported with {@code rgbStem}, as a 3-channel stem whose
 * kernels are the grayscale kernel divided by 3 (the same output for an image whose three channels are equal);
 * a <b>head-less trunk</b> has no {@code fc.*}: set {@code model.fc = torch.nn.Identity()} before a strict load (the
 * model then outputs the pooled features, as seer4j's trunk does), or load with {@code strict=False}.
 */
public final class TorchvisionWeights {

    private static final Pattern BLOCK = Pattern.compile("s(\\d+)\\.b(\\d+)\\.(.+)");
    private static final Map<String, String> BLOCK_PARTS = Map.of(
            "f.a.", "f.a.0.", "f.a_bn.", "f.a.1.", "f.b.", "f.b.0.", "f.b_bn.", "f.b.1.",
            "f.c.", "f.c.0.", "f.c_bn.", "f.c.1.",
            "f.se.f_ex.0.", "f.se.fc1.", "f.se.f_ex.2.", "f.se.fc2.", "proj.", "proj.0.", "bn.", "proj.1.");

    private TorchvisionWeights() {
    }

    /** torchvision's name of a seer4j state tensor (parameter or batch-norm buffer). */
    public static String torchvisionName(String seer4jName) {
        if (seer4jName.startsWith("stem.conv.")) {
            return "stem.0." + seer4jName.substring("stem.conv.".length());
        }
        if (seer4jName.startsWith("stem.bn.")) {
            return "stem.1." + seer4jName.substring("stem.bn.".length());
        }
        if (seer4jName.startsWith("head.fc.")) {
            return seer4jName.substring("head.".length());
        }
        Matcher m = BLOCK.matcher(seer4jName);
        if (m.matches()) {
            String rest = m.group(3);
            for (Map.Entry<String, String> p : BLOCK_PARTS.entrySet()) {
                if (rest.startsWith(p.getKey())) {
                    int block = Integer.parseInt(m.group(2)) - 1;
                    return "trunk_output.block" + m.group(1) + ".block" + m.group(1) + "-" + block + "."
                            + p.getValue() + rest.substring(p.getKey().length());
                }
            }
        }
        throw new IllegalArgumentException("no torchvision name for seer4j tensor '" + seer4jName + "'");
    }

    /**
     * The network's state as torchvision tensors, in seer4j's order, with a {@code num_batches_tracked} after each
     * batch norm's running variance. With {@code rgbStem} a 1-channel stem is written as 3 channels (kernel / 3).
     */
    public static Map<String, Safetensors.Tensor> stateDict(RegNetNetwork net, boolean rgbStem) {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : net.state().entrySet()) {
            String name = torchvisionName(e.getKey());
            INDArray value = e.getValue();
            if (rgbStem && name.equals("stem.0.weight") && value.size(1) == 1) {
                value = value.repeat(1, 3).divi(3);
            }
            out.put(name, Safetensors.Tensor.of(value));
            if (name.endsWith(".running_var")) {
                String counter = name.substring(0, name.length() - "running_var".length()) + "num_batches_tracked";
                out.put(counter, Safetensors.Tensor.int64(new long[0], 0L));
            }
        }
        return out;
    }

    /** Writes {@link #stateDict} to a safetensors file, atomically; refuses an existing file unless {@code force}. */
    public static void save(RegNetNetwork net, Path file, boolean rgbStem, boolean force) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("producer", "seer4j");
        meta.put("spec", net.spec().name());
        Safetensors.write(file, stateDict(net, rgbStem), meta, force);
    }

    /**
     * Copies a torchvision {@code RegNet} state dict (a safetensors file) into {@code net}: every seer4j tensor must be
     * there with its shape, and the file may hold nothing else but {@code num_batches_tracked} counters (and, for a
     * head-less network, a classifier's {@code fc.*}, which are left out: the trunk of a classifier). A mismatch
     * fails before anything is copied, naming the file and the first differing keys.
     */
    public static void load(Path file, RegNetNetwork net) throws IOException {
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(file).tensors();
        Map<String, INDArray> state = net.state();
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            String tv = torchvisionName(e.getKey());
            expected.put(tv, e.getKey());
            Safetensors.Tensor t = tensors.get(tv);
            if (t == null) {
                missing.add(tv);
            } else if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                wrongShape.add(tv + " " + Arrays.toString(t.shape()) + " (network: "
                        + Arrays.toString(e.getValue().shape()) + ")");
            } else if (t.dtype() == Safetensors.DType.I64) {
                wrongShape.add(tv + " is I64 (a float tensor is needed)");
            }
        }
        boolean trunkOnly = !net.spec().head().present();
        List<String> unexpected = tensors.keySet().stream()
                .filter(k -> !expected.containsKey(k) && !k.endsWith(".num_batches_tracked")
                        && !(trunkOnly && k.startsWith("fc."))).toList();
        if (!missing.isEmpty() || !wrongShape.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder msg = new StringBuilder(file + " does not fit " + net.spec().name() + " ("
                    + net.inputChannels() + " input channels, " + (net.spec().head().present()
                    ? net.spec().head().numClasses() + " classes" : "no head") + "):");
            append(msg, "missing", missing);
            append(msg, "shape differs", wrongShape);
            append(msg, "unexpected", unexpected);
            throw new IllegalArgumentException(msg.substring(0, msg.length() - 1));
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            INDArray target = state.get(e.getValue());
            target.assign(tensors.get(e.getKey()).toArray(target.dataType()));
        }
    }

    private static void append(StringBuilder msg, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            msg.append(' ').append(keys.size()).append(' ').append(what).append(" (")
                    .append(String.join(", ", keys.subList(0, Math.min(3, keys.size()))))
                    .append(keys.size() > 3 ? ", ..." : "").append(");");
        }
    }
}
