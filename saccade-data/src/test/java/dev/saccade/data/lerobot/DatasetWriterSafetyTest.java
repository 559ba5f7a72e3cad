package dev.saccade.data.lerobot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer never leaves a corrupt dataset: interrupted writes leave none (or the old one) and can resume. */
class DatasetWriterSafetyTest {
    static final DatasetSpec SPEC = Demo.spec(16);
    static final String TASK = Task.WOOD_SQUARE.instruction();

    @TempDir
    Path tmp;

    static Path staging(Path dir) {
        return dir.resolveSibling("." + dir.getFileName() + ".saccade-partial");
    }

    @Test
    void aKilledWriterLeavesNoDatasetAndResumeFinishesIt() throws Exception {
        Path dir = tmp.resolve("ds");
        // A real process, halted mid-episode: no finally blocks, no close(), the OS drops its file lock.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                CrashingWriter.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(3, p.waitFor(), "the writer process halted");
        assertFalse(Files.exists(dir), "no dataset appears before finish()");
        assertTrue(Files.isDirectory(staging(dir)));

        try (DatasetWriter resumed = DatasetWriter.open(dir, SPEC, DatasetWriter.Mode.CREATE, true)) {
            assertEquals(Set.of(0), resumed.committedEpisodes(), "the committed episode survives, the half one does not");
            List<Map<String, float[]>> second = Demo.noiseEpisode(resumed, TASK, 6, 2);
            resumed.finish();
            List<Map<String, float[]>> first = Demo.noiseValues(SPEC, 9, 1);
            try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
                assertEquals(2, ds.episodes());
                assertArrayEquals(first.get(8).get(Features.STATE), ds.read(0).state()[8], 0f);
                assertArrayEquals(second.get(5).get(Features.ACTION), ds.read(1).action()[5], 0f);
            }
        }
        assertFalse(Files.exists(staging(dir)), "finish() removes the staging area");
        assertEquals(List.of(), DatasetCheck.check(dir));
    }

    @Test
    void aWriterClosedAfterAnErrorKeepsItsCommittedEpisodesForResume() throws Exception {
        Path dir = tmp.resolve("ds");
        try (DatasetWriter w = DatasetWriter.create(dir, SPEC)) {
            Demo.noiseEpisode(w, TASK, 4, 1);
            EpisodeWriter half = w.beginEpisode(TASK);
            half.addFrame(Demo.frame(16, 1, 0), Demo.values(SPEC, new Random(5)));
            // an exception unwinds here: try-with-resources closes the writer, the half episode is never committed
        }
        assertFalse(Files.exists(dir));
        try (DatasetWriter resumed = DatasetWriter.open(dir, SPEC, DatasetWriter.Mode.CREATE, true)) {
            assertEquals(Set.of(0), resumed.committedEpisodes());
            resumed.finish();
        }
        assertEquals(List.of(), DatasetCheck.check(dir));
    }

    @Test
    void openingWithoutResumeDiscardsALeftoverStagingArea() throws Exception {
        Path dir = tmp.resolve("ds");
        try (DatasetWriter w = DatasetWriter.create(dir, SPEC)) {
            Demo.noiseEpisode(w, TASK, 5, 1);
        }
        try (DatasetWriter w = DatasetWriter.create(dir, SPEC)) {
            assertEquals(Set.of(), w.committedEpisodes());
            w.abort();
        }
        assertFalse(Files.exists(staging(dir)));
        assertFalse(Files.exists(dir));
    }

    @Test
    void failedAppendLeavesTheExistingDatasetAsItWas() throws Exception {
        Path dir = tmp.resolve("ds");
        Demo.write(dir, SPEC, 8, 5);
        String infoBefore = Files.readString(dir.resolve("meta/info.json"));
        try (DatasetWriter w = DatasetWriter.append(dir, SPEC); EpisodeWriter ep = w.beginEpisode(TASK)) {
            Map<String, float[]> bad = Demo.values(SPEC, new Random(1));
            bad.get(Features.STATE)[2] = Float.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ep.addFrame(Demo.frame(16, 2, 0), bad));
            assertEquals("episode 2 frame 0: observation.state.elbow is NaN", e.getMessage());
        }
        assertEquals(infoBefore, Files.readString(dir.resolve("meta/info.json")));
        assertEquals(List.of(), DatasetCheck.check(dir));
    }

    @Test
    void appendGrowsTheLastFilesAndKeepsOldRowsExact() throws Exception {
        Path dir = tmp.resolve("ds");
        Demo.Written before = Demo.write(dir, SPEC, 8, 5);
        List<Map<String, float[]>> added;
        try (DatasetWriter w = DatasetWriter.append(dir, SPEC)) {
            added = Demo.noiseEpisode(w, TASK, 7, 3);
            w.finish();
        }
        assertEquals(List.of(), DatasetCheck.check(dir));
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            assertEquals(3, ds.episodes());
            assertEquals(ds.episode(0).videoFile(), ds.episode(2).videoFile(), "small files are grown, as LeRobot does");
            assertEquals(13 / 30.0, ds.episode(2).fromSeconds(), 1e-9);
            assertArrayEquals(before.values.get(1).get(4).get(Features.ANNOTATION_TOOL0), ds.read(1).feature(Features.ANNOTATION_TOOL0)[4], 0f);
            assertArrayEquals(added.get(6).get(Features.STATE), ds.read(2).state()[6], 0f);
            assertEquals(20, ds.stats().get(Features.STATE).count());
        }
    }

    @Test
    void aSwapStoppedBetweenItsRenamesIsRepairedOnTheNextOpen() throws Exception {
        Path dir = tmp.resolve("ds");
        Demo.write(dir, SPEC, 4);
        Files.move(dir, dir.resolveSibling(".ds.saccade-old"));
        try (DatasetWriter w = DatasetWriter.append(dir, SPEC)) {
            assertEquals(1, w.baseEpisodes());
            w.abort();
        }
        assertEquals(List.of(), DatasetCheck.check(dir));
    }

    @Test
    void createRefusesAnExistingDatasetAndFinishRefusesGaps() throws Exception {
        Path dir = tmp.resolve("ds");
        Demo.write(dir, SPEC, 3);
        InputException e = assertThrows(InputException.class, () -> DatasetWriter.create(dir, SPEC));
        assertTrue(e.userMessage().startsWith(dir.toAbsolutePath() + ": already exists"), e.userMessage());
        try (DatasetWriter w = DatasetWriter.create(tmp.resolve("gaps"), SPEC)) {
            try (EpisodeWriter ep = w.beginEpisode(1, TASK)) {
                ep.addFrame(Demo.frame(16, 1, 0), Demo.values(SPEC, new Random(2)));
                ep.commit();
            }
            IllegalStateException gap = assertThrows(IllegalStateException.class, w::finish);
            assertTrue(gap.getMessage().contains("episode 0 is missing"), gap.getMessage());
            w.abort();
        }
    }

    @Test
    void episodesRecordedInParallelLandInIndexOrder() throws Exception {
        Path dir = tmp.resolve("ds");
        try (DatasetWriter w = DatasetWriter.create(dir, SPEC)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 3; i >= 0; i--) {
                int index = i;
                done.add(pool.submit(() -> {
                    try (EpisodeWriter ep = w.beginEpisode(index, Task.values()[index].instruction())) {
                        for (int t = 0; t < 5 + index; t++) {
                            ep.addFrame(Demo.frame(16, index, t), Demo.values(SPEC, new Random(index * 100 + t)));
                        }
                        ep.commit();
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
            pool.shutdown();
            w.finish();
        }
        assertEquals(List.of(), DatasetCheck.check(dir));
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            for (int e = 0; e < 4; e++) {
                assertEquals(5 + e, ds.episode(e).length());
                assertEquals(Task.values()[e].instruction(), ds.read(e).task());
                assertArrayEquals(Demo.values(SPEC, new Random(e * 100 + 4)).get(Features.STATE), ds.read(e).state()[4], 0f);
            }
        }
    }

    @Test
    void aSecondWriterForTheSameDatasetIsRefused() throws Exception {
        Path dir = tmp.resolve("ds");
        try (DatasetWriter first = DatasetWriter.create(dir, SPEC)) {
            InputException e = assertThrows(InputException.class, () -> DatasetWriter.append(dir, SPEC));
            assertTrue(e.getMessage().contains("another writer"), e.getMessage());
            Demo.noiseEpisode(first, TASK, 3, 1);
            first.finish();
        }
        try (DatasetWriter again = DatasetWriter.append(dir, SPEC)) {
            assertEquals(1, again.baseEpisodes(), "the lock is released when a writer finishes");
            again.abort();
        }
    }

    @Test
    void appendRejectsEpisodesOfAnotherShape() throws Exception {
        Path dir = tmp.resolve("ds");
        Demo.write(dir, SPEC, 3);
        InputException e = assertThrows(InputException.class, () -> DatasetWriter.append(dir, Demo.spec(32)));
        assertTrue(e.userMessage().contains("meta/info.json") && e.userMessage().contains("32×16"), e.userMessage());
    }
}
