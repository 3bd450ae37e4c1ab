package io.github.seer4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.github.seer4j.designspace.NetworkSpec;
import io.github.seer4j.designspace.Rounding;
import org.junit.jupiter.api.Test;

/** Export then import gives back the very same spec (record equality: every stage, the generator, the name). */
class CatalogRoundTripTest {

    @Test
    void jsonRoundTripOfRandomRegNets() {
        qt().withExamples(300).forAll(SpecGenerators.regNets(Rounding.PYCLS).mix(
                SpecGenerators.regNets(Rounding.TORCHVISION))).checkAssert(spec ->
                assertEquals(spec, SpecJson.readAll("mem.json", SpecJson.write(spec, 224)).get(0)));
    }

    @Test
    void jsonRoundTripOfRandomAnyNets() {
        qt().withExamples(300).forAll(SpecGenerators.anyNets()).checkAssert(spec ->
                assertEquals(spec, SpecJson.readAll("mem.json", SpecJson.write(spec, 64)).get(0)));
    }

    @Test
    void pyclsYamlRoundTripOfRandomRegNets() {
        qt().withExamples(300).forAll(SpecGenerators.regNets(Rounding.PYCLS)).checkAssert(spec -> {
            NetworkSpec back = PyclsYaml.read("mem.yaml", PyclsYaml.write(spec, 224), "unused");
            assertEquals(spec, back);
        });
    }

    @Test
    void pyclsYamlRoundTripOfRandomAnyNets() {
        qt().withExamples(300).forAll(SpecGenerators.anyNets()).checkAssert(spec ->
                assertEquals(spec, PyclsYaml.read("mem.yaml", PyclsYaml.write(spec, 224), "unused")));
    }

    @Test
    void torchvisionRoundedGeneratorsKeepTheirStagesInPyclsYaml() {
        qt().withExamples(200).forAll(SpecGenerators.regNets(Rounding.TORCHVISION)).checkAssert(spec -> {
            NetworkSpec back = PyclsYaml.read("mem.yaml", PyclsYaml.write(spec, 224), "unused");
            assertEquals(spec.stages(), back.stages());
            assertEquals(spec.stem(), back.stem());
            assertEquals(spec.head(), back.head());
        });
    }

    @Test
    void jsonArrayOfSeveralSpecsRoundTrips() {
        var specs = java.util.List.of(io.github.seer4j.designspace.RegNet.named("RegNetY-400MF"), io.github.seer4j.designspace.RegNet.named(
                "regnet_x_400mf"));
        assertEquals(specs, SpecJson.readAll("mem.json", SpecJson.writeAll(specs, 224)));
    }
}
