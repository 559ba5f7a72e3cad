package dev.saccade.data.lerobot;

import dev.saccade.data.Task;
import java.nio.file.Path;
import java.util.Random;

/**
 * A process that dies in the middle of writing a dataset: it commits episode 0, starts episode 1,
 * and halts (no shutdown hooks, no closing), as a killed process would.
 */
public final class CrashingWriter {
    private CrashingWriter() {}

    public static void main(String[] args) throws Exception {
        DatasetSpec spec = Demo.spec(16);
        DatasetWriter w = DatasetWriter.create(Path.of(args[0]), spec);
        Demo.noiseEpisode(w, Task.WOOD_SQUARE.instruction(), 9, 1);
        EpisodeWriter half = w.beginEpisode(Task.WOOD_SQUARE.instruction());
        half.addFrame(Demo.frame(16, 1, 0), Demo.values(spec, new Random(5)));
        Runtime.getRuntime().halt(3);
    }
}
