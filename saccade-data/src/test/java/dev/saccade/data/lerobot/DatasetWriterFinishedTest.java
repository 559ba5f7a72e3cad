package dev.saccade.data.lerobot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed after its dataset was renamed into place, before clean-up: resuming leaves only the dataset. */
class DatasetWriterFinishedTest {
    @TempDir
    Path dir;

    @Test
    void resumingAFinishedRunClearsItsLeftoversAndKeepsTheDataset() throws Exception {
        Path ds = dir.resolve("ds");
        Demo.write(ds, Demo.spec(16), 2, 5);
        // What a kill right after finish()'s rename leaves beside the dataset.
        Path staging = Files.createDirectories(dir.resolve(".ds.saccade-partial").resolve("episodes"));
        Files.writeString(staging.resolveSibling("state.json"), "{}");
        Files.writeString(dir.resolve(".ds.saccade-lock"), "");
        String info = Files.readString(ds.resolve("meta/info.json"));

        InputException e = assertThrows(InputException.class,
                () -> DatasetWriter.open(ds, Demo.spec(16), DatasetWriter.Mode.CREATE, true));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        try (Stream<Path> beside = Files.list(dir)) {
            assertEquals(List.of("ds"), beside.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(info, Files.readString(ds.resolve("meta/info.json")));
        assertFalse(Files.exists(staging));
    }
}
