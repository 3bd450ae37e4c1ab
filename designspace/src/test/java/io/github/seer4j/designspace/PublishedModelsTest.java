package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every named model against numbers published by pycls, torchvision, ClassyVision and VISSL. */
class PublishedModelsTest {

    /** pycls dev/model_complexity.json (224 px, 1000 classes). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "RegNetX-200MF, 199040872, 2684792, 2164056",
        "RegNetX-400MF, 397678568, 5157512, 3143272",
        "RegNetX-600MF, 600891112, 6196040, 3975096",
        "RegNetX-800MF, 799700712, 7259656, 5148744",
        "RegNetX-1.6GF, 1602850792, 9190136, 7933512",
        "RegNetX-3.2GF, 3176622952, 15296552, 11367432",
        "RegNetX-4.0GF, 3964499816, 22118248, 12201608",
        "RegNetX-6.4GF, 6460292264, 26209256, 16369744",
        "RegNetX-8.0GF, 7995133416, 39572648, 14059688",
        "RegNetX-12GF, 12086679016, 46106056, 21366568",
        "RegNetX-16GF, 15940756456, 54278536, 25515496",
        "RegNetX-32GF, 31735930792, 107811560, 36302160",
        "RegNetY-200MF, 199519076, 3162996, 2168052",
        "RegNetY-400MF, 401849056, 4344144, 3892496",
        "RegNetY-600MF, 601227608, 6055160, 4334296",
        "RegNetY-800MF, 797183328, 6263168, 5249888",
        "RegNetY-1.6GF, 1612087326, 11202430, 8044814",
        "RegNetY-3.2GF, 3176496162, 19436338, 11263418",
        "RegNetY-4.0GF, 3973301344, 20646656, 12287200",
        "RegNetY-6.4GF, 6355221876, 30583252, 16407188",
        "RegNetY-8.0GF, 7963074196, 39180068, 17968916",
        "RegNetY-12GF, 12092395504, 51822544, 21384496",
        "RegNetY-16GF, 15911534044, 83590140, 23041228",
        "RegNetY-32GF, 32279583362, 145046770, 30261570",
    })
    void pyclsComplexity(String name, long flops, long params, long acts) {
        assertEquals(new Complexity(flops, params, acts), RegNet.named(name).complexity(224));
    }

    /** torchvision weights meta: num_params exactly, _ops (GFLOPS at 224, one decimal). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "regnet_y_400mf, 4344144, 0.4",
        "regnet_y_800mf, 6432512, 0.8",
        "regnet_y_1_6gf, 11202430, 1.6",
        "regnet_y_3_2gf, 19436338, 3.2",
        "regnet_y_8gf, 39381472, 8.5",
        "regnet_y_16gf, 83590140, 15.9",
        "regnet_y_32gf, 145046770, 32.3",
        "regnet_y_128gf, 644812894, 127.5",
        "regnet_x_400mf, 5495976, 0.4",
        "regnet_x_800mf, 7259656, 0.8",
        "regnet_x_1_6gf, 9190136, 1.6",
        "regnet_x_3_2gf, 15296552, 3.2",
        "regnet_x_8gf, 39572648, 8.0",
        "regnet_x_16gf, 54278536, 15.9",
        "regnet_x_32gf, 107811560, 31.7",
    })
    void torchvisionParamsAndOps(String name, long numParams, double gflops) {
        Complexity c = RegNet.named(name).complexity(224);
        assertEquals(numParams, c.params());
        assertEquals(gflops, Math.round(c.flops() / 1e8) / 10.0, 1e-9);
    }

    @Test
    void torchvisionRoundingGivesOtherModelsThanPycls() {
        // torchvision's published parameter counts differ from pycls's for these three (see the test above)
        assertEquals(List.of(64, 144, 320, 784), RegNet.named("regnet_y_800mf").widths());
        assertEquals(List.of(64, 128, 320, 768), RegNet.named("RegNetY-800MF").widths());
        assertEquals(List.of(32, 64, 160, 400), RegNet.named("regnet_x_400mf").widths());
        assertEquals(List.of(32, 64, 160, 384), RegNet.named("RegNetX-400MF").widths());
    }

    /** The 128GF generator: the widths and depths often misquoted as RegNetY-256GF's. */
    @Test
    void regNetY128GfIsTheSourceOfTheFamousWidths() {
        NetworkSpec s = RegNet.named("RegNetY-128GF");
        assertEquals(List.of(528, 1056, 2904, 7392), s.widths());
        assertEquals(List.of(2, 7, 17, 1), s.depths());
        assertEquals(new RegNetParams(27, 456, 160.83, 2.52, 264, 1.0, 0.25, Rounding.PYCLS), s.generator());
    }

    /**
     * Trunk output widths published as feature sizes: ClassyVision's "Output size" comments, and VISSL's SwAV head
     * input dims (regnet128Gf.yaml 7392, regnet256Gf_1.yaml 10444, seer regnet10B.yaml 28280).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "RegNetY-400MF, 440", "RegNetY-800MF, 768", "RegNetY-1.6GF, 888", "RegNetY-3.2GF, 1512",
        "RegNetY-8.0GF, 2016", "RegNetY-16GF, 3024", "RegNetY-32GF, 3712", "RegNetY-64GF, 2976",
        "RegNetY-128GF, 7392", "RegNetY-256GF-ClassyVision, 5088", "RegNetY-256GF, 10444", "RegNetY-10B, 28280",
    })
    void trunkOutputWidths(String name, int width) {
        assertEquals(width, RegNet.named(name).outputWidth());
    }

    @Test
    void seer256GfIsVisslsGeneratorAndAboutOnePointThreeBillionParameters() {
        NetworkSpec s = RegNet.named("RegNetY-256GF");
        assertEquals(new RegNetParams(27, 640, 230.83, 2.53, 373, 1.0, 0.25, Rounding.PYCLS), s.generator());
        // VISSL's docs: "RegNet-256Gf model (1.3B params)"
        assertEquals(1.3e9, s.complexity(224).params(), 0.05e9);
    }

    @Test
    void everyPresetHasAUniqueName() {
        assertEquals(Presets.all().size(), Presets.all().stream().map(p -> p.name().toLowerCase()).distinct().count());
        assertEquals(44, Presets.all().size());
    }
}
