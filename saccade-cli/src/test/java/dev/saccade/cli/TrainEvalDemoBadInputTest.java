package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code train}, {@code eval} and {@code demo}, from the command line only (their
 * insides are being reshaped): exit 1 for bad data naming the file and place, 2 for bad usage, and
 * nothing created or changed. Each case fails before any training, so the suite takes seconds.
 */
class TrainEvalDemoBadInputTest {
    @TempDir
    static Path root;
    static Path dataset;

    @BeforeAll
    static void tinyDataset() {
        dataset = root.resolve("ds");
        CliRun g = CliRun.of("generate", "--task", "wood-square", "--episodes", "2", "--width", "32", "--out", dataset.toString());
        assertEquals(0, g.exitCode(), g.err());
    }

    /** Runs {@code args}; asserts the exit code, a "saccade…" line holding every one of {@code named}, and no change under root. */
    private static void refused(int exit, List<String> named, String... args) {
        String before = BadInput.snapshot(root);
        CliRun r = CliRun.of(args);
        String what = "saccade " + String.join(" ", args) + "\n" + r.err();
        assertEquals(exit, r.exitCode(), what);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("saccade") && named.stream().allMatch(l::contains)), what);
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace\n" + what);
        assertEquals(before, BadInput.snapshot(root), "nothing created or changed\n" + what);
    }

    private static Path brokenDataset(String name, String infoJson) throws Exception {
        Path copy = root.resolve(name);
        if (!Files.exists(copy)) {
            BadInput.copyTree(dataset, copy);
            Files.writeString(copy.resolve("meta/info.json"), infoJson);
        }
        return copy;
    }

    @Test
    void trainRefusesMissingAndBrokenInput() throws Exception {
        Path run = root.resolve("run");
        refused(1, List.of(root.resolve("none").toString(), "no such"), "train", "--dataset", root.resolve("none").toString(),
                "--out", run.toString());
        Path cut = brokenDataset("cut", "{\"codebase_version\": \"v3.0\",\n \"fps\": ");
        refused(1, List.of(cut.resolve("meta/info.json").toString(), "line 2"), "train", "--dataset", cut.toString(),
                "--out", run.toString());
        Path config = root.resolve("bad-config.json");
        if (!Files.exists(config)) {
            Files.writeString(config, "{\"epochs\": 3,,}\n");
        }
        refused(1, List.of(config.toString(), "not valid JSON"), "train", "--dataset", dataset.toString(), "--config", config.toString(),
                "--out", run.toString());
        refused(1, List.of(root.resolve("absent.json").toString()), "train", "--dataset", dataset.toString(),
                "--config", root.resolve("absent.json").toString(), "--out", run.toString());
        refused(2, List.of("--episodes"), "train", "--dataset", dataset.toString(), "--episodes", "5:2", "--out", run.toString());
        refused(2, List.of("--episodes"), "train", "--dataset", dataset.toString(), "--episodes", "a:b", "--out", run.toString());
        refused(2, List.of("--budget"), "train", "--dataset", dataset.toString(), "--budget", "soon", "--out", run.toString());
        refused(2, List.of("--threads"), "train", "--dataset", dataset.toString(), "--threads", "many", "--out", run.toString());
    }

    @Test
    void evalRefusesMissingAndBrokenInput() throws Exception {
        Path out = root.resolve("eval");
        refused(1, List.of(root.resolve("norun").toString()), "eval", "--run", root.resolve("norun").toString(),
                "--dataset", dataset.toString(), "--out", out.toString());
        Path nan = brokenDataset("nan", "NaN");
        refused(1, List.of(nan.resolve("meta/info.json").toString(), "line 1"), "eval", "--run", root.resolve("norun").toString(),
                "--dataset", nan.toString(), "--out", out.toString());
        refused(2, List.of("--starts"), "eval", "--run", root.resolve("norun").toString(), "--dataset", dataset.toString(),
                "--starts", "two", "--out", out.toString());
    }

    @Test
    void demoRefusesBadUsageAndADirectoryThatIsNotADemo() throws Exception {
        refused(2, List.of("--budget"), "demo", "--budget", "xyz", "--out", root.resolve("d1").toString());
        refused(2, List.of("--episodes"), "demo", "--episodes", "2", "--out", root.resolve("d2").toString());
        refused(2, List.of("--held-out"), "demo", "--episodes", "4", "--held-out", "9", "--out", root.resolve("d3").toString());
        refused(2, List.of("--task", "unknown task 'towels'", "or all"), "demo", "--task", "towels", "--out", root.resolve("d4").toString());
        refused(2, List.of("--held-out"), "demo", "--task", "all", "--episodes", "5", "--held-out", "4", "--out", root.resolve("d5").toString());
        Path file = root.resolve("notes.txt");
        if (!Files.exists(file)) {
            Files.writeString(file, "mine");
        }
        refused(1, List.of(file.toString(), "not a demo directory"), "demo", "--out", file.toString());
        refused(1, List.of(file.toString(), "is a file"), "demo", "--out", file.toString(), "--fresh");
    }
}
