package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator against outputs of the reference implementations themselves, on seeded random parameters: pycls's
 * generate_regnet + adjust_block_compatibility (500 cases, bottleneck multipliers included) and torchvision 0.14's
 * BlockParams.from_init_params (300 cases, with torchvision's parameter counts of whole models for some). The
 * fixtures were written by bench/pycls_generator_fixture.py and bench/torchvision_blockparams_fixture.py.
 */
class ReferenceImplementationsTest {

    private static List<String[]> rows(String resource) throws IOException {
        try (InputStream in = ReferenceImplementationsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).map(l -> l.split(","))
                    .toList();
        }
    }

    private static List<Integer> ints(String spaceSeparated) {
        return Arrays.stream(spaceSeparated.trim().split(" ")).map(Integer::valueOf).toList();
    }

    @Test
    void pyclsGenerator() throws IOException {
        List<String[]> rows = rows("/designspace/pycls-generator.csv");
        assertEquals(500, rows.size());
        for (String[] r : rows) {
            RegNetParams p = new RegNetParams(Integer.parseInt(r[0]), Integer.parseInt(r[1]), Double.parseDouble(r[2]),
                    Double.parseDouble(r[3]), Integer.parseInt(r[4]), Double.parseDouble(r[5]), 0.0, Rounding.PYCLS);
            NetworkSpec s = p.generate();
            String ctx = String.join(",", r);
            assertEquals(ints(r[6]), s.widths(), ctx);
            assertEquals(ints(r[7]), s.depths(), ctx);
            assertEquals(ints(r[8]), s.groupWidths(), ctx);
            assertEquals(Integer.parseInt(r[9]), p.layout().numStages(), ctx);
            assertEquals(Integer.parseInt(r[10]), p.layout().totalStages(), ctx);
        }
    }

    @Test
    void torchvisionBlockParams() throws IOException {
        List<String[]> rows = rows("/designspace/torchvision-blockparams.csv");
        assertEquals(300, rows.size());
        int counted = 0;
        for (String[] r : rows) {
            RegNetParams p = new RegNetParams(Integer.parseInt(r[0]), Integer.parseInt(r[1]), Double.parseDouble(r[2]),
                    Double.parseDouble(r[3]), Integer.parseInt(r[4]), 1.0, Double.parseDouble(r[5]),
                    Rounding.TORCHVISION);
            NetworkSpec s = p.generate();
            String ctx = String.join(",", r);
            assertEquals(ints(r[6]), s.widths(), ctx);
            assertEquals(ints(r[7]), s.depths(), ctx);
            assertEquals(ints(r[8]), s.groupWidths(), ctx);
            long numParams = Long.parseLong(r[9]);
            if (numParams > 0) {
                assertEquals(numParams, s.complexity(224).params(), ctx);
                counted++;
            }
        }
        assertEquals(6, counted);
    }
}
