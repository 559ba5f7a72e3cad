package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetCheck;
import dev.saccade.data.lerobot.Episode;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.synth.Camera360;
import dev.saccade.data.synth.EpisodeGenerator;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.sphere.EquirectFrame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    /** Runs the CLI with stdout and stderr captured, so progress lines do not clutter the test log. */
    private static int run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sink, true));
        System.setErr(new PrintStream(sink, true));
        try {
            return Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theDatasetHoldsExactlyTheGeneratedEpisodes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("estop");
        assertEquals(0, run("generate", "--task", "estop-press", "--episodes", "2", "--width", "64", "--seed", "5",
                "--out", out.toString()));
        assertEquals(java.util.List.of(), DatasetCheck.check(out));
        try (LeRobotDataset ds = LeRobotDataset.open(out)) {
            assertEquals(2, ds.episodes());
            for (int e = 0; e < 2; e++) {
                // Episode e of a single task uses seed --seed + e.
                SyntheticEpisode expected = EpisodeGenerator.generate(Task.ESTOP_PRESS, 5 + e, new SceneOptions(64, 3));
                Episode got = ds.read(e);
                assertEquals(Task.ESTOP_PRESS.instruction(), got.task());
                assertTrue(Arrays.deepEquals(expected.state(), got.state()), "state of episode " + e);
                assertTrue(Arrays.deepEquals(expected.action(), got.action()), "action of episode " + e);
                assertTrue(Arrays.deepEquals(expected.objectAnnotation(), got.feature(Features.ANNOTATION_OBJECT)));
                assertTrue(Arrays.deepEquals(expected.tool0(), got.feature(Features.ANNOTATION_TOOL0)));
            }
            // The video holds the rendered frames, within codec tolerance, in order.
            SyntheticEpisode first = EpisodeGenerator.generate(Task.ESTOP_PRESS, 5, new SceneOptions(64, 3));
            try (LeRobotDataset.FrameStream frames = ds.stream(0)) {
                for (int f = 0; frames.hasNext(); f++) {
                    EquirectFrame decoded = frames.next();
                    if (f % 40 == 0) {
                        double same = meanDifference(first.render(f), decoded);
                        assertTrue(same < 12, "frame " + f + " differs by " + same + " levels on average");
                    }
                }
            }
        }
        JsonNode info = new ObjectMapper().readTree(out.resolve("meta/info.json").toFile());
        JsonNode cam = info.path("saccade").path("camera_position_base");
        assertEquals(Camera360.POSITION.x(), cam.get(0).asDouble(), 1e-12);
        assertEquals(Camera360.POSITION.z(), cam.get(2).asDouble(), 1e-12);
    }

    @Test
    void allTasksTakeTurns(@TempDir Path dir) {
        Path out = dir.resolve("all");
        assertEquals(0, run("generate", "--task", "all", "--episodes", "1", "--width", "32", "--out", out.toString(), "--threads", "3"));
        try (LeRobotDataset ds = LeRobotDataset.open(out)) {
            assertEquals(Task.values().length, ds.episodes());
            for (int e = 0; e < ds.episodes(); e++) {
                assertEquals(Task.values()[e].instruction(), ds.read(e).task());
            }
        }
    }

    @Test
    void anExistingDatasetIsReplacedOnlyWhenAsked(@TempDir Path dir) {
        Path out = dir.resolve("data");
        assertEquals(0, run("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--out", out.toString()));
        float[][] before;
        try (LeRobotDataset ds = LeRobotDataset.open(out)) {
            before = ds.read(0).state();
        }
        assertEquals(Main.EXIT_DATA, run("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--seed", "9",
                "--out", out.toString()));
        try (LeRobotDataset ds = LeRobotDataset.open(out)) {
            assertTrue(Arrays.deepEquals(before, ds.read(0).state()), "the refused run left the dataset alone");
        }
        assertEquals(0, run("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--seed", "9",
                "--out", out.toString(), "--overwrite"));
        try (LeRobotDataset ds = LeRobotDataset.open(out)) {
            assertFalse(Arrays.deepEquals(before, ds.read(0).state()));
        }
    }

    @Test
    void badFlagsAreUsageErrors(@TempDir Path dir) {
        String o = dir.resolve("x").toString();
        assertEquals(Main.EXIT_USAGE, run("generate", "--task", "nap", "--episodes", "1", "--out", o));
        assertEquals(Main.EXIT_USAGE, run("generate", "--task", "all", "--episodes", "0", "--out", o));
        assertEquals(Main.EXIT_USAGE, run("generate", "--task", "all", "--episodes", "1", "--width", "66", "--out", o));
        assertEquals(Main.EXIT_USAGE, run("generate", "--task", "all", "--episodes", "1", "--distractors", "13", "--out", o));
        assertFalse(dir.resolve("x").toFile().exists(), "nothing written");
    }

    private static double meanDifference(EquirectFrame a, EquirectFrame b) {
        long sum = 0;
        int[] p = a.pixels(), q = b.pixels();
        for (int i = 0; i < p.length; i++) {
            for (int s = 0; s <= 16; s += 8) {
                sum += Math.abs(((p[i] >> s) & 255) - ((q[i] >> s) & 255));
            }
        }
        return sum / (3.0 * p.length);
    }
}
