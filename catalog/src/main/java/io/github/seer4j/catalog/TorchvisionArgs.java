package io.github.seer4j.catalog;

import io.github.seer4j.designspace.InvalidDesignException;
import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import io.github.seer4j.designspace.StageSpec;
import io.github.seer4j.designspace.HeadSpec;
import io.github.seer4j.designspace.StemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * torchvision constructor arguments: {@code BlockParams.from_init_params(...)} when torchvision's own rounding of the
 * generator numbers gives exactly these stages, otherwise the explicit {@code BlockParams(depths=..., ...)} form.
 */
public final class TorchvisionArgs {
    private TorchvisionArgs() {}

    /** A Python snippet that builds {@code spec} with torchvision.models.regnet. */
    public static String write(NetworkSpec spec) {
        if (spec.stem().inChannels() != 3) {
            throw new InvalidDesignException("torchvision's RegNet stem reads 3 channels, but " + spec.name() + " has "
                    + spec.stem().inChannels() + "; export json instead");
        }
        double se = spec.stages().get(0).seRatio();
        if (spec.stages().stream().anyMatch(s -> s.seRatio() != se)) {
            throw new InvalidDesignException("torchvision uses one se_ratio for all stages, but " + spec.name()
                    + " mixes them; export json instead");
        }
        String seArg = se > 0 ? Numbers.decimal(se) : "None";
        Optional<RegNetParams> gen = spec.regNetParams()
                .filter(p -> p.withRounding(Rounding.TORCHVISION).stages().equals(spec.stages()));
        StringBuilder b = new StringBuilder();
        b.append("# ").append(spec.name()).append('\n');
        b.append("from torchvision.models.regnet import BlockParams, RegNet\n");
        if (gen.isPresent()) {
            RegNetParams p = gen.get();
            b.append("block_params = BlockParams.from_init_params(depth=").append(p.depth())
                    .append(", w_0=").append(p.w0())
                    .append(", w_a=").append(Numbers.decimal(p.wa()))
                    .append(", w_m=").append(Numbers.decimal(p.wm()))
                    .append(", group_width=").append(p.groupWidth())
                    .append(", bottleneck_multiplier=").append(Numbers.decimal(p.bottleneck()))
                    .append(", se_ratio=").append(seArg).append(")\n");
        } else {
            if (spec.regNetParams().isPresent()) {
                b.append("# torchvision rounds these generator numbers to other widths: stages listed explicitly\n");
            }
            b.append("block_params = BlockParams(depths=").append(Numbers.ints(spec.depths()))
                    .append(", widths=").append(Numbers.ints(spec.widths()))
                    .append(", group_widths=").append(Numbers.ints(spec.groupWidths()))
                    .append(", bottleneck_multipliers=")
                    .append(Numbers.decimals(spec.stages().stream().map(StageSpec::bottleneck).toList()))
                    .append(", strides=").append(Numbers.ints(spec.strides()))
                    .append(", se_ratio=").append(seArg).append(")\n");
        }
        b.append("model = RegNet(block_params, num_classes=").append(spec.head().numClasses())
                .append(", stem_width=").append(spec.stem().width()).append(")\n");
        return b.toString();
    }

    private static final Pattern CALL = Pattern.compile(
            "^(block_params|model) = (BlockParams\\.from_init_params|BlockParams|RegNet)\\((.*)\\)\\s*$");

    /**
     * Reads back a snippet that {@link #write} made (its first-line {@code # NAME}, the {@code BlockParams} and
     * {@code RegNet(...)} lines); {@code file} names it in errors. This is not a Python parser: other code is refused.
     */
    public static NetworkSpec read(String file, String text) {
        List<String> lines = text.lines().toList();
        String name = null;
        Map<String, String> block = null;
        Map<String, String> model = null;
        boolean fromInit = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("from torchvision.models.regnet import")) {
                continue;
            }
            if (l.startsWith("#")) {
                if (name == null) {
                    name = l.substring(1).strip();
                }
                continue;
            }
            Matcher m = CALL.matcher(l);
            if (!m.matches()) {
                throw new CatalogFileException(file, i + 1, "", "expected 'block_params = BlockParams...(...)' or"
                        + " 'model = RegNet(block_params, ...)' as catalog export --format torchvision writes");
            }
            Map<String, String> args = keywordArgs(file, i + 1, m.group(3));
            if (m.group(1).equals("model") && m.group(2).equals("RegNet")) {
                if (!"block_params".equals(args.remove("#0"))) {
                    throw new CatalogFileException(file, i + 1, "", "RegNet's first argument must be block_params");
                }
                model = args;
            } else if (m.group(1).equals("block_params") && !m.group(2).equals("RegNet")) {
                fromInit = m.group(2).endsWith("from_init_params");
                block = args;
            } else {
                throw new CatalogFileException(file, i + 1, "", "expected block_params = BlockParams...(...) or"
                        + " model = RegNet(...)");
            }
        }
        if (block == null || model == null) {
            throw new CatalogFileException(file, "needs a 'block_params = BlockParams...' and a 'model = RegNet(...)'"
                    + " line; export one with catalog export --format torchvision");
        }
        Map<String, String> b = block;
        Map<String, String> mo = model;
        double se = "None".equals(b.get("se_ratio")) ? 0.0 : dbl(file, b, "se_ratio");
        try {
            StemSpec stem = new StemSpec(3, integer(file, mo, "stem_width"));
            HeadSpec head = new HeadSpec(integer(file, mo, "num_classes"));
            String n = name == null ? "torchvision" : name;
            if (fromInit) {
                RegNetParams p = new RegNetParams(integer(file, b, "depth"), integer(file, b, "w_0"),
                        dbl(file, b, "w_a"), dbl(file, b, "w_m"), integer(file, b, "group_width"),
                        dbl(file, b, "bottleneck_multiplier"), se, Rounding.TORCHVISION);
                return new NetworkSpec(n, stem, p.stages(), head, p);
            }
            List<Integer> depths = ints(file, b, "depths");
            List<Integer> widths = ints(file, b, "widths");
            List<Integer> groups = ints(file, b, "group_widths");
            List<Integer> strides = ints(file, b, "strides");
            List<Double> bots = new ArrayList<>();
            for (String v : list(file, b, "bottleneck_multipliers")) {
                bots.add(Double.parseDouble(v));
            }
            int k = depths.size();
            if (widths.size() != k || groups.size() != k || strides.size() != k || bots.size() != k) {
                throw new CatalogFileException(file, "depths, widths, group_widths, bottleneck_multipliers and"
                        + " strides must have one entry per stage");
            }
            List<StageSpec> stages = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                stages.add(new StageSpec(widths.get(i), depths.get(i), strides.get(i), groups.get(i), bots.get(i), se));
            }
            return new NetworkSpec(n, stem, stages, head, null);
        } catch (InvalidDesignException | NumberFormatException e) {
            throw new CatalogFileException(file, e.getMessage());
        }
    }

    private static Map<String, String> keywordArgs(String file, int line, String args) {
        Map<String, String> out = new LinkedHashMap<>();
        int depth = 0;
        int start = 0;
        int positional = 0;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(args.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(args.substring(start));
        for (String p : parts) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.put("#" + positional++, p.strip());
            } else if (out.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip()) != null) {
                throw new CatalogFileException(file, line, "", "argument " + p.substring(0, eq).strip()
                        + " appears twice");
            }
        }
        return out;
    }

    private static String arg(String file, Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null) {
            throw new CatalogFileException(file, "argument " + key + " is missing");
        }
        return v;
    }

    private static int integer(String file, Map<String, String> args, String key) {
        return Integer.parseInt(arg(file, args, key));
    }

    private static double dbl(String file, Map<String, String> args, String key) {
        return Double.parseDouble(arg(file, args, key));
    }

    private static List<String> list(String file, Map<String, String> args, String key) {
        String v = arg(file, args, key);
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw new CatalogFileException(file, "argument " + key + " must be a list [..], got " + v);
        }
        String inner = v.substring(1, v.length() - 1).strip();
        return inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*"));
    }

    private static List<Integer> ints(String file, Map<String, String> args, String key) {
        return list(file, args, key).stream().map(Integer::parseInt).toList();
    }
}
