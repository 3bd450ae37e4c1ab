package io.github.seer4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seer4j.designspace.RegNet;
import org.junit.jupiter.api.Test;

/**
 * Exact export text for RegNetY-400MF. Expected values are pycls's configs/dds_baselines/regnety/RegNetY-400MF
 * (DEPTH 16, W0 48, WA 27.89, WM 2.09, GROUP_W 8, SE_ON true) and its published stages: widths (48, 104, 208, 440),
 * depths (1, 3, 6, 6); complexity per pycls's model zoo: 0.4 GF, 4.3 M params, 3.9 M acts.
 */
class RegNetY400ExportTest {

    @Test
    void pyclsYaml() {
        String yaml = PyclsYaml.write(RegNet.named("RegNetY-400MF"), 224);
        String expected = """
                # seer4j: RegNetY-400MF
                MODEL:
                  TYPE: regnet
                  NUM_CLASSES: 1000
                REGNET:
                  STEM_TYPE: simple_stem_in
                  STEM_W: 32
                  BLOCK_TYPE: res_bottleneck_block
                  STRIDE: 2
                  DEPTH: 16
                  W0: 48
                  WA: 27.89
                  WM: 2.09
                  GROUP_W: 8
                  BOT_MUL: 1.0
                  SE_ON: true
                  SE_R: 0.25
                """;
        assertEquals(expected, yaml.replaceAll("(?m)^# complexity.*\n", ""));
        assertTrue(yaml.lines().anyMatch(l -> l.startsWith("# complexity at 224 px")));
    }

    @Test
    void json() throws Exception {
        String json = SpecJson.write(RegNet.named("RegNetY-400MF"), 224);
        StringBuilder stages = new StringBuilder();
        int[] widths = {48, 104, 208, 440};
        int[] depths = {1, 3, 6, 6};
        int[] inputs = {32, 48, 104, 208}; // first-block input widths: SE width = round(0.25 * input)
        for (int i = 0; i < 4; i++) {
            stages.append("""
                        {
                          "width": %d,
                          "depth": %d,
                          "stride": 2,
                          "groupWidth": 8,
                          "bottleneck": 1.0,
                          "seRatio": 0.25,
                          "bottleneckWidth": %d,
                          "groups": %d,
                          "seWidth": %d
                        }%s
                    """.formatted(widths[i], depths[i], widths[i], widths[i] / 8, Math.round(inputs[i] / 4.0),
                    i < 3 ? "," : ""));
        }
        String expected = """
                {
                  "format": "seer4j-spec/1",
                  "name": "RegNetY-400MF",
                  "stem": {
                    "inChannels": 3,
                    "width": 32
                  },
                  "stages": [
                %s  ],
                  "head": {
                    "classes": 1000
                  },
                  "generator": {
                    "depth": 16,
                    "w0": 48,
                    "wa": 27.89,
                    "wm": 2.09,
                    "groupWidth": 8,
                    "bottleneck": 1.0,
                    "seRatio": 0.25,
                    "rounding": "pycls"
                  },
                  "complexity": {
                    "resolution": 224,
                    "flops": F,
                    "params": P,
                    "acts": A
                  }
                }
                """.formatted(stages);
        String masked = json.replaceAll("\"flops\": \\d+", "\"flops\": F").replaceAll("\"params\": \\d+",
                "\"params\": P").replaceAll("\"acts\": \\d+", "\"acts\": A");
        assertEquals(expected, masked);
        JsonNode cx = new ObjectMapper().readTree(json).get("complexity");
        assertEquals(0.40e9, cx.get("flops").asDouble(), 0.01e9);
        assertEquals(4.3e6, cx.get("params").asDouble(), 0.05e6);
        assertEquals(3.9e6, cx.get("acts").asDouble(), 0.05e6);
    }

    @Test
    void visslAndTorchvision() {
        // the shape of VISSL's configs/config/pretrain/swav/models/regnet16Gf.yaml (a Hydra _global_ package,
        // config.MODEL.TRUNK with NAME regnet and REGNET holding ClassyVision's RegNet.from_config keys), with every
        // key written since ClassyVision's defaults (use_se: True) are not pycls's
        String vissl = VisslConfig.write(RegNet.named("RegNetY-400MF"));
        assertEquals("""
                # @package _global_
                # seer4j: RegNetY-400MF
                # trunk only: VISSL's RegNet has no classifier (seer4j's spec has 1000 classes); the head goes under\
                 config.MODEL.HEAD
                config:
                  MODEL:
                    TRUNK:
                      NAME: regnet
                      REGNET:
                        depth: 16
                        w_0: 48
                        w_a: 27.89
                        w_m: 2.09
                        group_width: 8
                        bottleneck_multiplier: 1.0
                        stem_type: simple_stem_in
                        stem_width: 32
                        block_type: res_bottleneck_block
                        activation: relu
                        use_se: True
                        se_ratio: 0.25
                        bn_epsilon: 0.00001
                        bn_momentum: 0.1
                """, vissl);
        assertTrue(VisslConfig.write(RegNet.named("RegNetX-400MF")).contains("use_se: False\n"));
        assertTrue(TorchvisionArgs.write(RegNet.named("regnet_y_400mf")).contains(
                "BlockParams.from_init_params(depth=16, w_0=48, w_a=27.89, w_m=2.09, group_width=8,"
                        + " bottleneck_multiplier=1.0, se_ratio=0.25)"));
    }

    @Test
    void pyclsRegNetX400IsWrittenExplicitlyForTorchvisionWhoseRoundingDiffers() {
        // pycls RegNetX-400MF: depths (1, 2, 7, 12), widths (32, 64, 160, 384); torchvision's regnet_x_400mf rounds
        // the same generator numbers to a last width of 400, so from_init_params would build another network
        String py = TorchvisionArgs.write(RegNet.named("RegNetX-400MF"));
        assertTrue(py.contains("BlockParams(depths=[1, 2, 7, 12], widths=[32, 64, 160, 384], group_widths=[16, 16,"
                + " 16, 16], bottleneck_multipliers=[1.0, 1.0, 1.0, 1.0], strides=[2, 2, 2, 2], se_ratio=None)"), py);
        assertTrue(TorchvisionArgs.write(RegNet.named("regnet_x_400mf")).contains("from_init_params(depth=22"));
    }

    @Test
    void markdownOfLargePresetsCarriesTheWidthsNote() {
        String md = MarkdownTable.write(java.util.List.of(RegNet.named("RegNetY-128GF"),
                RegNet.named("RegNetY-256GF")), 224);
        assertTrue(md.contains("| RegNetY-128GF | 27 | 456 | 160.83 | 2.52 | 264 |"), md);
        assertTrue(md.contains("(528, 1056, 2904, 7392) | (2, 7, 17, 1)"), md);
        assertTrue(md.contains("are those of the 128GF generator"), md);
    }
}
