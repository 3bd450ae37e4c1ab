package io.github.seer4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pycls and VISSL keys seer4j does not build are refused at their line; the JSON reader checks derived counts. */
class StrictImportTest {
    @TempDir
    Path tmp;

    /** Typed after pycls's configs/dds_baselines/regnety/RegNetY-400MF_dds_8gpu.yaml (training sections kept). */
    private static final String PYCLS_Y400 = """
            MODEL:
              TYPE: regnet
              NUM_CLASSES: 1000
            REGNET:
              SE_ON: True
              DEPTH: 16
              W0: 48
              WA: 27.89
              WM: 2.09
              GROUP_W: 8
            OPTIM:
              LR_POLICY: cos
              BASE_LR: 0.8
              MAX_EPOCH: 100
            TRAIN:
              DATASET: imagenet
              IM_SIZE: 224
              BATCH_SIZE: 1024
            NUM_GPUS: 8
            OUT_DIR: .
            """;

    @Test
    void pyclsBaselineImportsAsThePreset() {
        NetworkSpec s = PyclsYaml.read("RegNetY-400MF_dds_8gpu.yaml", PYCLS_Y400, "RegNetY-400MF");
        assertEquals(RegNet.named("RegNetY-400MF").stages(), s.stages());
        assertEquals(RegNet.named("RegNetY-400MF").regNetParams(), s.regNetParams());
    }

    @Test
    void pyclsActivationOtherThanReluIsRefusedAtItsLine() {
        String silu = PYCLS_Y400.replace("  NUM_CLASSES: 1000\n", "  NUM_CLASSES: 1000\n  ACTIVATION_FUN: silu\n");
        CatalogFileException e = assertThrows(CatalogFileException.class,
                () -> PyclsYaml.read("cfg/y.yaml", silu, "y"));
        assertEquals(4, e.line());
        assertEquals("MODEL.ACTIVATION_FUN", e.field());
        assertTrue(e.getMessage().startsWith("cfg/y.yaml:4: field MODEL.ACTIVATION_FUN: seer4j builds ReLU networks"
                + " only, got 'silu'"), e.getMessage());
        String relu = PYCLS_Y400.replace("  NUM_CLASSES: 1000\n", "  NUM_CLASSES: 1000\n  ACTIVATION_FUN: relu\n"
                + "  ACTIVATION_INPLACE: True\n  LOSS_FUN: cross_entropy\n");
        assertEquals(RegNet.named("RegNetY-400MF").stages(), PyclsYaml.read("cfg/y.yaml", relu, "y").stages());
    }

    @Test
    void pyclsUnknownModelKeyAndScalingAreRefused() {
        CatalogFileException unknown = assertThrows(CatalogFileException.class, () -> PyclsYaml.read("y.yaml",
                PYCLS_Y400.replace("  TYPE: regnet\n", "  TYPE: regnet\n  DROPOUT: 0.2\n"), "y"));
        assertEquals("MODEL.DROPOUT", unknown.field());
        assertEquals(3, unknown.line());
        CatalogFileException scaling = assertThrows(CatalogFileException.class, () -> PyclsYaml.read("y.yaml",
                PYCLS_Y400.replace("  TYPE: regnet\n", "  TYPE: regnet\n  SCALING_FACTOR: 4.0\n"), "y"));
        assertEquals("MODEL.SCALING_FACTOR", scaling.field());
    }

    /** Typed after VISSL's configs/config/pretrain/swav/models/regnet16Gf.yaml: use_se is ClassyVision's True. */
    @Test
    void visslSeerConfigImportsWithClassyVisionDefaults() throws Exception {
        Path f = tmp.resolve("regnet16Gf.yaml");
        Files.writeString(f, """
                # @package _global_
                config:
                  MODEL:
                    TRUNK:
                      NAME: regnet
                      REGNET:
                        depth: 18
                        w_0: 200
                        w_a: 106.23
                        w_m: 2.48
                        group_width: 112
                    HEAD:
                      PARAMS: [
                        ["swav_head", {"dims": [3024, 3024, 128], "use_bn": False, "num_clusters": [3000]}],
                      ]
                """);
        NetworkSpec s = Catalog.importFile(f);
        assertEquals(RegNet.named("RegNetY-16GF").stages(), s.stages());
        assertEquals("regnet16Gf", s.name());
        String silu = Files.readString(f).replace("group_width: 112\n", "group_width: 112\n        activation: silu\n");
        CatalogFileException e = assertThrows(CatalogFileException.class, () -> VisslConfig.read("v.yaml", silu, "v"));
        assertEquals("config.MODEL.TRUNK.REGNET.activation", e.field());
        assertEquals(12, e.line());
    }

    @Test
    void jsonComplexityMustMatchTheSpec() {
        String json = SpecJson.write(RegNet.named("RegNetY-400MF"), 224).replaceFirst("\"flops\": \\d+",
                "\"flops\": 1");
        CatalogFileException e = assertThrows(CatalogFileException.class, () -> SpecJson.readAll("s.json", json));
        assertEquals("complexity.flops", e.field());
        assertTrue(e.getMessage().contains("must be 4"), e.getMessage());
    }

    @Test
    void jsonWithoutFormatSaysWhatASpecIs() {
        CatalogFileException e = assertThrows(CatalogFileException.class,
                () -> SpecJson.readAll("f.json", "{\"name\": \"x\", \"depth\": 16}"));
        assertTrue(e.getMessage().startsWith("f.json:1: not a seer4j spec"), e.getMessage());
    }
}
