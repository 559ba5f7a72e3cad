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
    void aBuilderCollectsEntriesAndLaterPutsWin() {
        Info.Builder b = Info.builder().put(FRAME, 1).put(NAME, "a").put(FRAME, 2);
        Info info = b.build();
        assertEquals(2, info.get(FRAME));
        assertEquals("a", info.get(NAME));
        b.put(NAME, "b");
        assertEquals("a", info.get(NAME), "a built info does not change with its builder");
        assertEquals("b", info.toBuilder().put(NAME, "b").build().get(NAME));
        assertEquals("{frame=2, name=a}", info.toString().replace("Info", ""));
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
