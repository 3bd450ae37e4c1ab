package io.github.seer4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.RegNetParams;
import io.github.seer4j.designspace.Rounding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every format that can describe a spec gives it back: canonical JSON (also inside a {"spec": ...} or
 * {"specs": [...]} wrapper), pycls YAML, torchvision arguments, VISSL configs.
 */
class FormatsRoundTripTest {

    @Test
    void jsonInEveryPrintedShape() {
        qt().withExamples(200).forAll(SpecGenerators.regNets(Rounding.PYCLS).mix(SpecGenerators.anyNets()))
                .checkAssert(spec -> {
                    String one = SpecJson.write(spec, 224);
                    assertEquals(List.of(spec), SpecJson.readAll("a.json", one));
                    assertEquals(List.of(spec), SpecJson.readAll("b.json", "{\"spec\": " + one + ", \"other\": 1}"));
                    assertEquals(List.of(spec, spec), SpecJson.readAll("c.json", "{\"specs\": [" + one + ", " + one
                            + "]}"));
                    assertEquals(List.of(spec), SpecJson.readAll("d.json", SpecJson.write(spec, 32, 12345L)));
                });
    }

    @Test
    void visslGivesBackTheGeneratorStemAndStages() {
        qt().withExamples(300).forAll(SpecGenerators.regNets(Rounding.PYCLS)).checkAssert(spec -> {
            NetworkSpec back = VisslConfig.read("mem.yaml", VisslConfig.write(spec), "unused");
            assertEquals(spec.regNetParams(), back.regNetParams());
            assertEquals(spec.stages(), back.stages());
            assertEquals(spec.stem(), back.stem());
            assertEquals(spec.name(), back.name());
        });
    }

    @Test
    void torchvisionGivesBackTheSameSpec() {
        qt().withExamples(300).forAll(SpecGenerators.regNets(Rounding.TORCHVISION).mix(SpecGenerators.anyNets()))
                .checkAssert(spec -> assertEquals(spec, TorchvisionArgs.read("mem.py", TorchvisionArgs.write(spec))));
    }

    @Test
    void torchvisionKeepsTheStagesOfPyclsRoundedRegNets() {
        qt().withExamples(200).forAll(SpecGenerators.regNets(Rounding.PYCLS)).checkAssert(spec -> {
            NetworkSpec back = TorchvisionArgs.read("mem.py", TorchvisionArgs.write(spec));
            assertEquals(spec.stages(), back.stages());
            assertEquals(spec.head(), back.head());
            assertEquals(spec.stem(), back.stem());
            back.regNetParams().map(RegNetParams::depth).ifPresent(d -> assertEquals(spec.generator().depth(), d));
        });
    }
}
