package io.github.seer4j.designspace;

import static io.github.seer4j.designspace.InvalidInput.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Impossible design parameters fail with a message naming the parameter, the value and the valid range. */
class ValidationTest {

    @Test
    void w0MustBeAPositiveMultipleOfEight() {
        assertMessage(() -> RegNet.y().depth(16).w0(44).wa(27.89).wm(2.09).groupWidth(8).build(), "w0", "44",
                "multiple of 8");
        assertMessage(() -> RegNetParams.y(16, 0, 27.89, 2.09, 8), "w0", "0");
    }

    @Test
    void wmMustExceedOne() {
        assertMessage(() -> RegNetParams.y(16, 48, 27.89, 1.0, 8), "wm", "(1, 16]", "got 1");
    }

    @Test
    void waMustNotBeNegative() {
        assertMessage(() -> RegNetParams.y(16, 48, -1, 2.09, 8), "wa", "[0, 65536]", "-1");
    }

    @Test
    void depthMustBePositive() {
        assertMessage(() -> RegNetParams.y(0, 48, 27.89, 2.09, 8), "depth", "[1, 1000]", "got 0");
    }

    @Test
    void groupWidthMustDivideTheBottleneckWidthOfAnExplicitStage() {
        assertMessage(() -> new StageSpec(40, 2, 2, 12, 1.0, 0.0), "groupWidth 12", "bottleneck width 40",
                "divides");
    }

    @Test
    void missingGeneratorNumberIsNamed() {
        assertMessage(() -> RegNet.y().depth(16).w0(48).wm(2.09).groupWidth(8).build(), "wa is not set");
    }

    @Test
    void unknownModelSuggestsCloseNames() {
        assertMessage(() -> RegNet.named("RegNetY-400"), "unknown model 'RegNetY-400'", "RegNetY-400MF");
    }

    @Test
    void impossibleConstraintsAndSpaces() {
        assertMessage(() -> Constraints.none().flops(5e8, 4e8), "flops window", "min <= max");
        assertMessage(() -> DesignSpace.named("ResNet"), "unknown design space", "RegNetY", "AnyNetXE");
        assertMessage(() -> NetworkSpec.anyNet("empty", List.of(), 10), "at least one stage");
    }

    /** A spec is a value: no list it exposes can be changed behind its back. */
    @Test
    void specListsAreImmutable() {
        NetworkSpec s = RegNet.named("RegNetY-400MF");
        List<StageSpec> stages = new ArrayList<>(s.stages());
        NetworkSpec copy = NetworkSpec.anyNet("copy", stages, 10);
        stages.clear();
        assertEquals(4, copy.stages().size(), "the spec copied its stages");
        assertThrows(UnsupportedOperationException.class, () -> s.stages().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.blocks().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.seWidths().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.widths().clear());
        assertThrows(UnsupportedOperationException.class, () -> SpecSummary.of(s, 224).depths().clear());
    }
}
