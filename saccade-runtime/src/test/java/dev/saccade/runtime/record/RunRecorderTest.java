package dev.saccade.runtime.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetCheck;
import dev.saccade.data.lerobot.Episode;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.runtime.agent.ExpertAgent;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecorderTest {
    @TempDir
    Path tmp;

    @Test
    void aRecordedRunIsADatasetTheCheckerAcceptsWithStateActionGazeAndSuccess() throws Exception {
        Path out = tmp.resolve("run");
        SimSettings settings = SimSettings.defaults().withWidth(64);
        List<EpisodeResult> results = new ArrayList<>();
        List<float[]> firstStates = new ArrayList<>();
        try (RunRecorder rec = RunRecorder.create(out, 64, 32, true, false)) {
            long[] seeds = {1000, 1001};
            int[] budget = {400, 40}; // the second stops before it is done
            for (int e = 0; e < 2; e++) {
                SimWorld w = SimWorld.open(Task.TOWEL_BUCKET, seeds[e], settings, PyramidSpec.defaults(16));
                firstStates.add(w.robot().state().proprio());
                rec.beginEpisode(e, Task.TOWEL_BUCKET);
                EpisodeResult r = new RuntimeLoop(LoopSettings.defaults().withMaxFrames(budget[e]))
                        .run(w, new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT), seeds[e], rec);
                rec.endEpisode(r.success());
                results.add(r);
            }
            assertFalse(Files.exists(out), "nothing appears before the dataset is finished");
            rec.finish();
        }
        assertTrue(results.get(0).success());
        assertFalse(results.get(1).success());
        assertEquals(List.of(), DatasetCheck.check(out, true));
        try (LeRobotDataset d = LeRobotDataset.open(out)) {
            assertEquals(2, d.episodes());
            for (int e = 0; e < 2; e++) {
                Episode ep = d.read(e);
                float[][] success = ep.values().get(RunRecorder.SUCCESS);
                assertEquals(results.get(e).frames(), success.length);
                assertEquals(results.get(e).success() ? 1f : 0f, success[success.length - 1][0]);
                assertEquals(0f, success[0][0]);
                assertArrayEquals(firstStates.get(e), ep.values().get(Features.STATE)[0]);
                assertEquals(2, ep.values().get(RunRecorder.GAZE)[0].length);
                // The hand's newest chunk and its age: the expert predicts every framesPerStep frames and is never refused.
                float[][] chunks = ep.values().get(RunRecorder.PREDICTED_CHUNK);
                float[][] ages = ep.values().get(RunRecorder.CHUNK_AGE);
                int every = LoopSettings.defaults().framesPerStep();
                for (int t = 0; t < ages.length; t++) {
                    assertEquals(t % every, ages[t][0], "chunk age at frame " + t);
                    assertEquals(RunRecorder.CHUNK_ROWS * Features.JOINT_DIM, chunks[t].length);
                }
                assertTrue(java.util.Arrays.equals(chunks[0], chunks[every - 1]), "one chunk until the next policy step");
                assertFalse(java.util.Arrays.equals(chunks[0], new float[chunks[0].length]), "a chunk is recorded");
            }
        }
    }

    @Test
    void aChunkIsRecordedAsThirtyRowsAndNoChunkAsZeros() {
        float[] two = {1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12, 1};
        float[] rows = RunRecorder.fixedRows(two);
        assertEquals(RunRecorder.CHUNK_ROWS * 7, rows.length);
        assertArrayEquals(java.util.Arrays.copyOf(two, 14), java.util.Arrays.copyOf(rows, 14));
        assertArrayEquals(java.util.Arrays.copyOfRange(two, 7, 14), java.util.Arrays.copyOfRange(rows, rows.length - 7, rows.length),
                "a short chunk holds its last row");
        assertArrayEquals(new float[RunRecorder.CHUNK_ROWS * 7], RunRecorder.fixedRows(null));
    }

    @Test
    void aRecordingThatIsNotFinishedLeavesNothing() throws Exception {
        Path out = tmp.resolve("unfinished");
        try (RunRecorder rec = RunRecorder.create(out, 64, 32, true, false)) {
            SimWorld w = SimWorld.open(Task.ESTOP_PRESS, 1000, SimSettings.defaults().withWidth(64), PyramidSpec.defaults(16));
            rec.beginEpisode(0, Task.ESTOP_PRESS);
            new RuntimeLoop(LoopSettings.defaults().withMaxFrames(10))
                    .run(w, new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT), 1000, rec);
            rec.endEpisode(false);
        }
        assertFalse(Files.exists(out));
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "no staging directory is left behind");
        }
    }
}
