package io.github.seer4j.designspace;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts that bad input fails with an {@link InvalidDesignException} whose message names each given part. */
final class InvalidInput {
    private InvalidInput() {}

    static void assertMessage(Executable action, String... parts) {
        InvalidDesignException e = assertThrows(InvalidDesignException.class, action);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }
}
