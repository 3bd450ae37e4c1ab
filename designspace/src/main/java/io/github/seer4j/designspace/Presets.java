package io.github.seer4j.designspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every named model seer4j knows: pycls's RegNetX/RegNetY 200MF..32GF (pycls rounding), torchvision's
 * {@code regnet_x_*}/{@code regnet_y_*} (torchvision rounding), ClassyVision's larger RegNetY-64GF/128GF/256GF and
 * VISSL's SEER models.
 *
 * <p>A famous mix-up: the widths (528, 1056, 2904, 7392) and depths (2, 7, 17, 1) often quoted for
 * "RegNetY-256GF" are those of the 128GF generator (27, 456, 160.83, 2.52, 264). VISSL's SEER-256GF is
 * (27, 640, 230.83, 2.53, 373), whose last stage is 10444 wide.
 */
public final class Presets {
    private static final Map<String, Preset> BY_KEY = new LinkedHashMap<>();
    private static final List<Preset> ALL = new ArrayList<>();

    static {
        // pycls configs/dds_baselines/regnetx
        x("RegNetX-200MF", 13, 24, 36.44, 2.49, 8);
        x("RegNetX-400MF", 22, 24, 24.48, 2.54, 16);
        x("RegNetX-600MF", 16, 48, 36.97, 2.24, 24);
        x("RegNetX-800MF", 16, 56, 35.73, 2.28, 16);
        x("RegNetX-1.6GF", 18, 80, 34.01, 2.25, 24);
        x("RegNetX-3.2GF", 25, 88, 26.31, 2.25, 48);
        x("RegNetX-4.0GF", 23, 96, 38.65, 2.43, 40);
        x("RegNetX-6.4GF", 17, 184, 60.83, 2.07, 56);
        x("RegNetX-8.0GF", 23, 80, 49.56, 2.88, 120);
        x("RegNetX-12GF", 19, 168, 73.36, 2.37, 112);
        x("RegNetX-16GF", 22, 216, 55.59, 2.1, 128);
        x("RegNetX-32GF", 23, 320, 69.86, 2.0, 168);
        // pycls configs/dds_baselines/regnety
        y("RegNetY-200MF", 13, 24, 36.44, 2.49, 8);
        y("RegNetY-400MF", 16, 48, 27.89, 2.09, 8);
        y("RegNetY-600MF", 15, 48, 32.54, 2.32, 16);
        y("RegNetY-800MF", 14, 56, 38.84, 2.4, 16);
        y("RegNetY-1.6GF", 27, 48, 20.71, 2.65, 24);
        y("RegNetY-3.2GF", 21, 80, 42.63, 2.66, 24);
        y("RegNetY-4.0GF", 22, 96, 31.41, 2.24, 64);
        y("RegNetY-6.4GF", 25, 112, 33.22, 2.27, 72);
        y("RegNetY-8.0GF", 17, 192, 76.82, 2.19, 56);
        y("RegNetY-12GF", 19, 168, 73.36, 2.37, 112);
        y("RegNetY-16GF", 18, 200, 106.23, 2.48, 112);
        y("RegNetY-32GF", 20, 232, 115.89, 2.53, 232);
        // ClassyVision classy_vision/models/regnet.py (larger models "obtained in the same manner")
        add("RegNetY-64GF", RegNetParams.y(20, 368, 102.79, 2.05, 496), "ClassyVision", "regnet_y_64gf");
        add("RegNetY-128GF", RegNetParams.y(27, 456, 160.83, 2.52, 264), "ClassyVision",
                "regnet_y_128gf; VISSL's SEER-128GF (regnet128Gf.yaml). Its widths (528, 1056, 2904, 7392) and depths"
                        + " (2, 7, 17, 1) are often misquoted as RegNetY-256GF's");
        add("RegNetY-256GF", RegNetParams.y(27, 640, 230.83, 2.53, 373), "VISSL/SEER",
                "SEER-256GF as VISSL configures it (regnet256Gf_1.yaml, ~1.3B params); not ClassyVision's"
                        + " regnet_y_256gf, which is RegNetY-256GF-ClassyVision");
        add("RegNetY-256GF-ClassyVision", RegNetParams.y(27, 640, 124.47, 2.04, 848), "ClassyVision",
                "regnet_y_256gf of ClassyVision (differs from VISSL's SEER-256GF)");
        add("RegNetY-10B", RegNetParams.y(27, 1744, 620.83, 2.52, 1010), "VISSL/SEER",
                "SEER 10B (vissl configs/config/pretrain/seer/models/regnet10B.yaml)");
        // torchvision torchvision/models/regnet.py
        tv("regnet_y_400mf", RegNetParams.y(16, 48, 27.89, 2.09, 8));
        tv("regnet_y_800mf", RegNetParams.y(14, 56, 38.84, 2.4, 16));
        tv("regnet_y_1_6gf", RegNetParams.y(27, 48, 20.71, 2.65, 24));
        tv("regnet_y_3_2gf", RegNetParams.y(21, 80, 42.63, 2.66, 24));
        tv("regnet_y_8gf", RegNetParams.y(17, 192, 76.82, 2.19, 56));
        tv("regnet_y_16gf", RegNetParams.y(18, 200, 106.23, 2.48, 112));
        tv("regnet_y_32gf", RegNetParams.y(20, 232, 115.89, 2.53, 232));
        tv("regnet_y_128gf", RegNetParams.y(27, 456, 160.83, 2.52, 264));
        tv("regnet_x_400mf", RegNetParams.x(22, 24, 24.48, 2.54, 16));
        tv("regnet_x_800mf", RegNetParams.x(16, 56, 35.73, 2.28, 16));
        tv("regnet_x_1_6gf", RegNetParams.x(18, 80, 34.01, 2.25, 24));
        tv("regnet_x_3_2gf", RegNetParams.x(25, 88, 26.31, 2.25, 48));
        tv("regnet_x_8gf", RegNetParams.x(23, 80, 49.56, 2.88, 120));
        tv("regnet_x_16gf", RegNetParams.x(22, 216, 55.59, 2.1, 128));
        tv("regnet_x_32gf", RegNetParams.x(23, 320, 69.86, 2.0, 168));
    }

    private Presets() {}

    private static void x(String name, int d, int w0, double wa, double wm, int gw) {
        add(name, RegNetParams.x(d, w0, wa, wm, gw), "pycls", "configs/dds_baselines/regnetx");
    }

    private static void y(String name, int d, int w0, double wa, double wm, int gw) {
        add(name, RegNetParams.y(d, w0, wa, wm, gw), "pycls", "configs/dds_baselines/regnety");
    }

    private static void tv(String name, RegNetParams p) {
        add(name, p.withRounding(Rounding.TORCHVISION), "torchvision", "torchvision.models." + name);
    }

    private static void add(String name, RegNetParams p, String source, String note) {
        Preset preset = new Preset(name, p, source, note);
        ALL.add(preset);
        BY_KEY.put(key(name), preset);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** All presets, in catalog order. */
    public static List<Preset> all() {
        return Collections.unmodifiableList(ALL);
    }

    public static Optional<Preset> find(String name) {
        return Optional.ofNullable(BY_KEY.get(key(name)));
    }

    /** The preset called {@code name} (case-insensitive), or an error listing close names. */
    public static Preset get(String name) {
        return find(name).orElseThrow(() -> {
            String k = key(name);
            List<String> close = ALL.stream().map(Preset::name)
                    .filter(n -> key(n).contains(k) || k.contains(key(n).replace("regnet", "")))
                    .limit(6).toList();
            return new InvalidDesignException("unknown model '" + name + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
                    + " ('seer4j models' lists all " + ALL.size() + ")");
        });
    }
}
