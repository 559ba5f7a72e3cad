package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagesTest {
    @TempDir
    Path dir;

    /** The demo's settings: a long seed and int counts, as DemoCommand gives them. */
    private static Map<String, Object> demoSettings(long seed) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("task", "towel-bucket");
        s.put("episodes", 12);
        s.put("held_out", 4);
        s.put("width", 512);
        s.put("seed", seed);
        return s;
    }

    @Test
    void reopeningWithTheSameSettingsContinuesTheRun() throws IOException {
        Path demo = dir.resolve("demo");
        Stages first = Stages.open(demo, "demo", demoSettings(1L), "hint");
        first.finish("dataset", Map.of("seconds", 12.5));
        // A second launch: the settings come back from stages.json, where the long 1 reads as an int.
        Stages again = Stages.open(demo, "demo", demoSettings(1L), "hint");
        assertTrue(again.done("dataset"));
        assertFalse(again.done("learned"));
        assertEquals(12.5, again.facts("dataset").path("seconds").asDouble());
    }

    @Test
    void otherSettingsAreRefusedNamingTheDirectory() throws IOException {
        Path demo = dir.resolve("demo");
        Stages.open(demo, "demo", demoSettings(1L), "hint");
        InputException e = assertThrows(InputException.class, () -> Stages.open(demo, "demo", demoSettings(2L), "start over"));
        assertTrue(e.userMessage().startsWith(demo + ": "), e.userMessage());
        assertTrue(e.getMessage().contains("start over"), e.getMessage());
    }

    @Test
    void invalidStagesFileNamesItsLineAndColumn() throws IOException {
        Path demo = dir.resolve("demo");
        Files.createDirectories(demo);
        Files.writeString(demo.resolve("stages.json"), "{\n  \"kind\": \"demo\",\n  \"settings\": {,}\n}\n");
        InputException e = assertThrows(InputException.class, () -> Stages.open(demo, "demo", demoSettings(1L), "hint"));
        assertTrue(e.userMessage().startsWith(demo.resolve("stages.json") + ": line 3, column "), e.userMessage());
    }
}
