package dev.saccade.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaccadeOutputTest {
    @TempDir
    Path dir;

    @Test
    void eachKindIsRecognisedByItsMarker() throws IOException {
        for (SaccadeOutput kind : SaccadeOutput.values()) {
            Path out = dir.resolve(kind.name());
            Path marker = out.resolve(kind.marker());
            Files.createDirectories(marker.getParent());
            if (kind == SaccadeOutput.RUN) {
                Files.createDirectories(marker);
            } else {
                Files.writeString(marker, "{}");
            }
            assertEquals(Optional.of(kind), SaccadeOutput.of(out), kind.name());
            assertDoesNotThrow(() -> SaccadeOutput.requireReplaceable(out, "--overwrite"));
        }
    }

    @Test
    void absentOrEmptyDirectoriesMayBeReplaced() throws IOException {
        assertDoesNotThrow(() -> SaccadeOutput.requireReplaceable(dir.resolve("absent"), "--overwrite"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertDoesNotThrow(() -> SaccadeOutput.requireReplaceable(empty, "--overwrite"));
    }

    @Test
    void aUsersDirectoryIsRefusedByName() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("thesis"));
        Files.writeString(mine.resolve("thesis.txt"), "chapter 1");
        InputException e = assertThrows(InputException.class, () -> SaccadeOutput.requireReplaceable(mine, "--overwrite"));
        assertEquals(mine + ": holds files Saccade did not write (thesis.txt): not a dataset, training run, evaluation, rollout or "
                + "demo, so --overwrite will not replace it: move them away or choose another output", e.userMessage());
        // A marker of the wrong type (a file named like the run's directory) does not count.
        Path fake = Files.createDirectories(dir.resolve("fake"));
        Files.writeString(fake.resolve("checkpoints"), "not a directory");
        assertTrue(SaccadeOutput.of(fake).isEmpty());
        assertThrows(InputException.class, () -> SaccadeOutput.requireReplaceable(fake, "--fresh"));
    }

    @Test
    void aFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        InputException e = assertThrows(InputException.class, () -> SaccadeOutput.requireReplaceable(file, "--fresh"));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }
}
