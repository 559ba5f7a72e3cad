package dev.saccade.gym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class InfoTest {
    static final Key<Integer> FRAME = Key.of("frame", Integer.class);
    static final Key<String> NAME = Key.of("name", String.class);

    @Test
    void withReturnsACopyAndLeavesTheOriginal() {
        Info a = Info.EMPTY.with(FRAME, 3);
        Info b = a.with(FRAME, 4).with(NAME, "x");
        assertEquals(3, a.get(FRAME));
        assertFalse(a.has(NAME));
        assertEquals(4, b.get(FRAME));
        assertEquals("x", b.get(NAME));
        assertEquals(2, b.keys().size());
    }

    @Test
    void missingKeyIsNamedInTheError() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> Info.EMPTY.get(FRAME));
        assertTrue(e.getMessage().contains("frame"));
        assertTrue(Info.EMPTY.find(FRAME).isEmpty());
    }

    @Test
    void wrongTypeIsRefused() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Key<Object> sneaky = (Key) FRAME;
        assertThrows(IllegalArgumentException.class, () -> Info.EMPTY.with(sneaky, "three"));
    }

    @Test
    void optionsCarryTypedValues() {
        Options o = Options.NONE.with(FRAME, 12);
        assertEquals(12, o.find(FRAME).orElseThrow());
        assertTrue(Options.NONE.find(FRAME).isEmpty());
    }
}
