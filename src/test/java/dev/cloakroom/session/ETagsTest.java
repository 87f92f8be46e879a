package dev.cloakroom.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void ifMatchAcceptsTheCurrentVersionInEveryForm() {
        assertTrue(ETags.matches("\"7\"", 7));
        assertTrue(ETags.matches("W/\"7\"", 7));
        assertTrue(ETags.matches("\"5\", \"7\"", 7));
        assertTrue(ETags.matches("*", 7));
    }

    @Test
    void ifMatchRefusesAnyOtherVersionOrGarbage() {
        assertFalse(ETags.matches("\"6\"", 7));
        assertFalse(ETags.matches("7", 7));
        assertFalse(ETags.matches("", 7));
        assertFalse(ETags.matches("\"77\"", 7));
    }
}
