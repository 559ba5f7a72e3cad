package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.video.VideoEncoder;
import dev.saccade.data.video.VideoSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to every command that reads a user's files (issue 16): each file kind is corrupted in
 * the ways a user meets (truncated, random bytes, missing, a missing field, a wrong type, NaN, out
 * of range), and the command must exit 1 (bad data) or 2 (bad usage) with a message naming the file
 * and the place, creating or changing nothing (the whole case directory is listed and hashed before
 * and after).
 */
class BadInputSuiteTest {
    @TempDir
    static Path shared;
    static Path dataset;
    static Path pano;
    static Path video;
    static Path log;

    @TempDir
    Path tmp;

    static final String INFO = "meta/info.json";
    static final String EPISODES = "meta/episodes/chunk-000/file-000.parquet";
    static final String TASKS = "meta/tasks.parquet";
    static final String STATS = "meta/stats.json";
    static final String DATA = "data/chunk-000/file-000.parquet";
    static final String VIDEO = "videos/observation.images.pano/chunk-000/file-000.mp4";
    static final String LOG_HEADER = "timestamp,shoulder_pan,shoulder_lift,elbow,wrist_1,wrist_2,wrist_3,gripper";

    @BeforeAll
    static void inputs() throws Exception {
        dataset = shared.resolve("ds");
        CliRun g = CliRun.of("generate", "--task", "wood-square", "--episodes", "2", "--width", "32", "--seed", "3",
                "--out", dataset.toString());
        assertEquals(0, g.exitCode(), g.err());
        pano = shared.resolve("pano.png");
        assertEquals(0, CliRun.of("sample-equirect", "--height", "32", "--out", pano.toString()).exitCode());
        video = shared.resolve("pano.mp4");
        try (VideoEncoder e = new VideoEncoder(video, 64, 32, 30, new VideoSettings(2, 2, 1))) {
            for (int t = 0; t < 30; t++) {
                int[] px = new int[64 * 32];
                java.util.Arrays.fill(px, (t * 8) << 8);
                e.write(px, 64, 32);
            }
            e.finish();
        }
        StringBuilder sb = new StringBuilder(LOG_HEADER).append('\n');
        for (int i = 0; i <= 150; i++) {
            sb.append(String.format(Locale.ROOT, "%.2f,%.3f,-1.5,1.4,-1.5,-1.57,0,0.5%n", i * 0.01, i * 0.001));
        }
        log = shared.resolve("log.csv");
        Files.writeString(log, sb.toString());
    }

    /** How one file is broken, in a copy. */
    interface Corruption {
        void apply(Path file) throws IOException;
    }

    static Corruption truncated(double kept) {
        return f -> BadInput.truncate(f, kept);
    }

    static Corruption randomBytes() {
        return f -> BadInput.randomBytes(f, 4096, f.toString().length());
    }

    static Corruption missing() {
        return dev.saccade.core.AtomicFiles::deleteRecursively;
    }

    static Corruption edit(Function<String, String> how) {
        return f -> {
            String before = Files.readString(f);
            String after = how.apply(before);
            assertFalse(before.equals(after), "the edit changes " + f);
            Files.writeString(f, after);
        };
    }

    /** One command on one broken copy: what it must say. */
    record Case(String name, String file, Corruption corruption, List<String> args, int exit, String place) {}

    /**
     * Runs {@code c} in a fresh directory holding a copy of the inputs, {@code c.file()} broken;
     * {@code DIR} in its arguments is that copy's dataset, {@code CASE} the directory.
     */
    void check(Case c) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(c.name().replaceAll("[^A-Za-z0-9.-]+", "_")));
        Path ds = root.resolve("ds");
        BadInput.copyTree(dataset, ds);
        Files.copy(pano, root.resolve("pano.png"));
        Files.copy(video, root.resolve("pano.mp4"));
        Files.copy(log, root.resolve("log.csv"));
        Path eval = Files.createDirectories(root.resolve("eval"));
        Files.writeString(eval.resolve("metrics.json"), goodMetrics());
        Files.createDirectories(root.resolve("out"));
        Path broken = root.resolve(c.file());
        if (c.corruption() != null) {
            c.corruption().apply(broken);
        }
        String before = BadInput.snapshot(root);
        List<String> args = c.args().stream().map(a -> a.replace("DIR", ds.toString()).replace("CASE", root.toString())).toList();
        CliRun r = CliRun.of(args.toArray(String[]::new));
        String what = c.name() + ": saccade " + String.join(" ", args) + "\nstdout: " + r.out() + "\nstderr: " + r.err();
        assertEquals(c.exit(), r.exitCode(), what);
        String first = r.err().lines().filter(l -> l.startsWith("saccade")).findFirst().orElse("");
        assertTrue(first.startsWith("saccade"), what);
        if (c.exit() == Main.EXIT_DATA) {
            String named = c.file().contains("/") || c.file().contains(".") ? c.file() : root.resolve(c.file()).toString();
            assertTrue(r.err().lines().anyMatch(l -> l.contains(named) && l.contains(c.place())),
                    "a line naming " + named + " and '" + c.place() + "'\n" + what);
            assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace\n" + what);
        } else {
            assertTrue(r.err().contains(c.place()), "names '" + c.place() + "'\n" + what);
            assertTrue(r.err().strip().lines().count() <= 2, "one line and a pointer to --help\n" + what);
        }
        assertEquals(before, BadInput.snapshot(root), "nothing created or changed\n" + what);
    }

    static String goodMetrics() {
        return "[{\"gaze\": \"learned\", \"hand\": \"co-trained\", \"metric\": \"hand_error_cm\", \"unit\": \"cm\", \"mean\": 5.0, "
                + "\"ci95_low\": 4.0, \"ci95_high\": 6.0, \"episodes\": 10},\n"
                + " {\"gaze\": \"random\", \"hand\": \"own\", \"metric\": \"hand_error_cm\", \"unit\": \"cm\", \"mean\": 12.0, "
                + "\"ci95_low\": 11.0, \"ci95_high\": 13.0, \"episodes\": 10}]\n";
    }

    static Stream<DynamicTest> tests(List<Case> cases) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> new BadInputSuiteTest().withTmp(c)));
    }

    /** Dynamic tests share no per-test @TempDir: each makes its own under the class's. */
    void withTmp(Case c) throws Exception {
        tmp = Files.createTempDirectory(shared, "case");
        check(c);
    }

    static final List<String> INFO_ARGS = List.of("dataset", "info", "DIR");
    static final List<String> CHECK_ARGS = List.of("dataset", "check", "DIR");
    static final List<String> FRAME_ARGS = List.of("dataset", "frame", "DIR", "--episode", "1", "--frame", "3", "--out", "CASE/out/f.png");

    /** The dataset's files broken every way, for each dataset command that reads them. */
    @TestFactory
    Stream<DynamicTest> datasetCommands() {
        List<Case> cases = new ArrayList<>();
        for (List<String> args : List.of(INFO_ARGS, CHECK_ARGS, FRAME_ARGS)) {
            String cmd = args.get(1);
            cases.add(new Case(cmd + " info.json missing", "ds/" + INFO, missing(), args, 1, "no such file"));
            cases.add(new Case(cmd + " info.json truncated", "ds/" + INFO, truncated(0.5), args, 1, "line "));
            cases.add(new Case(cmd + " info.json random bytes", "ds/" + INFO, randomBytes(), args, 1, "line 1"));
            cases.add(new Case(cmd + " info.json without fps", "ds/" + INFO, edit(s -> s.replaceFirst("\"fps\"\\s*:\\s*30,", "")), args, 1, "fps"));
            cases.add(new Case(cmd + " info.json fps of wrong type", "ds/" + INFO, edit(s -> s.replaceFirst("\"fps\"\\s*:\\s*30", "\"fps\": \"thirty\"")), args, 1, "fps"));
            cases.add(new Case(cmd + " info.json fps NaN", "ds/" + INFO, edit(s -> s.replaceFirst("\"fps\"\\s*:\\s*30", "\"fps\": NaN")), args, 1, "line "));
            cases.add(new Case(cmd + " info.json fps out of range", "ds/" + INFO, edit(s -> s.replaceFirst("\"fps\"\\s*:\\s*30", "\"fps\": -30")), args, 1, "fps"));
            cases.add(new Case(cmd + " info.json not 2:1", "ds/" + INFO, edit(s -> s.replaceFirst("\\[\\s*16,\\s*32,\\s*3\\s*]", "[16, 30, 3]")), args, 1, "2:1"));
            cases.add(new Case(cmd + " episodes table missing", "ds/meta/episodes", missing(), args, 1, "no such directory"));
            cases.add(new Case(cmd + " episodes table truncated", "ds/" + EPISODES, truncated(0.5), args, 1, ""));
            cases.add(new Case(cmd + " episodes table random bytes", "ds/" + EPISODES, randomBytes(), args, 1, ""));
            cases.add(new Case(cmd + " tasks missing", "ds/" + TASKS, missing(), args, 1, ""));
            cases.add(new Case(cmd + " tasks random bytes", "ds/" + TASKS, randomBytes(), args, 1, ""));
        }
        for (List<String> args : List.of(CHECK_ARGS, FRAME_ARGS)) {
            String cmd = args.get(1);
            cases.add(new Case(cmd + " without observation.state", "ds/" + INFO,
                    edit(s -> s.replaceFirst("\"observation\\.state\"", "\"observation.stat\"")), args, 1, "features.observation.state: missing"));
            cases.add(new Case(cmd + " data missing", "ds/" + DATA, missing(), args, 1, ""));
            cases.add(new Case(cmd + " data truncated", "ds/" + DATA, truncated(0.6), args, 1, ""));
            cases.add(new Case(cmd + " data random bytes", "ds/" + DATA, randomBytes(), args, 1, ""));
            cases.add(new Case(cmd + " video missing", "ds/" + VIDEO, missing(), args, 1, ""));
            cases.add(new Case(cmd + " video truncated", "ds/" + VIDEO, truncated(0.6), args, 1, "truncated"));
            cases.add(new Case(cmd + " video random bytes", "ds/" + VIDEO, randomBytes(), args, 1, ""));
        }
        cases.add(new Case("check stats missing", "ds/" + STATS, missing(), CHECK_ARGS, 1, "no such file"));
        cases.add(new Case("check stats truncated", "ds/" + STATS, truncated(0.5), CHECK_ARGS, 1, "line "));
        cases.add(new Case("check stats NaN", "ds/" + STATS, edit(s -> s.replaceFirst("\"mean\"\\s*:\\s*\\[\\s*[-0-9.eE]+", "\"mean\": [NaN")), CHECK_ARGS, 1, "line "));
        cases.add(new Case("frame episode out of range", "ds", null,
                List.of("dataset", "frame", "DIR", "--episode", "2", "--frame", "0", "--out", "CASE/out/f.png"), 2, "--episode"));
        cases.add(new Case("frame frame out of range", "ds", null,
                List.of("dataset", "frame", "DIR", "--episode", "0", "--frame", "-1", "--out", "CASE/out/f.png"), 2, "--frame"));
        cases.add(new Case("frame into a missing directory", "nowhere", null,
                List.of("dataset", "frame", "DIR", "--episode", "0", "--frame", "0", "--out", "CASE/nowhere/f.png"), 1, "no such directory"));
        cases.add(new Case("info of a missing dataset", "absent", null, List.of("dataset", "info", "CASE/absent"), 1, ""));
        return tests(cases);
    }

    static final List<String> RENDER_ARGS = List.of("render", "--equirect", "CASE/pano.png", "--yaw", "10", "--pitch", "0", "--fov", "60",
            "--size", "16", "--out", "CASE/out/view.png");

    @TestFactory
    Stream<DynamicTest> render() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("render input missing", "pano.png", missing(), RENDER_ARGS, 1, "no such file"));
        cases.add(new Case("render input truncated", "pano.png", truncated(0.5), RENDER_ARGS, 1, ""));
        cases.add(new Case("render input random bytes", "pano.png", randomBytes(), RENDER_ARGS, 1, ""));
        cases.add(new Case("render input not 2:1", "pano.png", f -> {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
            javax.imageio.ImageIO.write(img, "png", f.toFile());
        }, RENDER_ARGS, 1, "2:1"));
        List<String> missingDir = new ArrayList<>(RENDER_ARGS);
        missingDir.set(missingDir.size() - 1, "CASE/nowhere/view.png");
        cases.add(new Case("render into a missing directory", "nowhere", null, missingDir, 1, "no such directory"));
        List<String> underFile = new ArrayList<>(RENDER_ARGS);
        underFile.set(underFile.size() - 1, "CASE/log.csv/view.png");
        cases.add(new Case("render under a file", "log.csv", null, underFile, 1, "not a directory"));
        List<String> nanYaw = new ArrayList<>(RENDER_ARGS);
        nanYaw.set(nanYaw.indexOf("10"), "NaN");
        cases.add(new Case("render yaw NaN", "pano.png", null, nanYaw, 2, "--yaw"));
        List<String> pitch = new ArrayList<>(RENDER_ARGS);
        pitch.set(pitch.indexOf("--pitch") + 1, "91");
        cases.add(new Case("render pitch out of range", "pano.png", null, pitch, 2, "--pitch"));
        List<String> wrongType = new ArrayList<>(RENDER_ARGS);
        wrongType.set(wrongType.indexOf("--size") + 1, "big");
        cases.add(new Case("render size of wrong type", "pano.png", null, wrongType, 2, "--size"));
        return tests(cases);
    }

    static final List<String> IMPORT_ARGS = List.of("import", "--video", "CASE/pano.mp4", "--joints", "CASE/log.csv", "--task",
            "brush-tray", "--out", "CASE/imported");

    @TestFactory
    Stream<DynamicTest> importCapture() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("import video missing", "pano.mp4", missing(), IMPORT_ARGS, 1, "no such file"));
        cases.add(new Case("import video truncated", "pano.mp4", truncated(0.6), IMPORT_ARGS, 1, "truncated"));
        cases.add(new Case("import video random bytes", "pano.mp4", randomBytes(), IMPORT_ARGS, 1, ""));
        cases.add(new Case("import log missing", "log.csv", missing(), IMPORT_ARGS, 1, "no such file"));
        cases.add(new Case("import log random bytes", "log.csv", randomBytes(), IMPORT_ARGS, 1, "not UTF-8 text"));
        cases.add(new Case("import log truncated mid-row", "log.csv", f -> {
            String s = Files.readString(f);
            Files.writeString(f, s.substring(0, s.indexOf('\n', s.length() / 2) + 6));
        }, IMPORT_ARGS, 1, "line "));
        cases.add(new Case("import log without gripper", "log.csv", edit(s -> s.replace(",gripper", "")), IMPORT_ARGS, 1, "line 1"));
        cases.add(new Case("import log wrong type", "log.csv", edit(s -> s.replaceFirst(",-1.5,", ",abc,")), IMPORT_ARGS, 1, "line 2"));
        cases.add(new Case("import log NaN", "log.csv", edit(s -> s.replaceFirst(",1.4,", ",NaN,")), IMPORT_ARGS, 1, "line 2"));
        cases.add(new Case("import log gripper out of range", "log.csv", edit(s -> s.replaceFirst(",0.5\n", ",255\n")), IMPORT_ARGS, 1, "line 2"));
        List<String> task = new ArrayList<>(IMPORT_ARGS);
        task.set(task.indexOf("brush-tray"), "nap");
        cases.add(new Case("import unknown task", "log.csv", null, task, 2, "nap"));
        return tests(cases);
    }

    static final List<String> CLAIMS_ARGS = List.of("claims", "--eval", "CASE/eval", "--out", "CASE/out/claims.md");

    @TestFactory
    Stream<DynamicTest> claims() {
        List<Case> cases = new ArrayList<>();
        String m = "eval/metrics.json";
        cases.add(new Case("claims metrics missing", m, missing(), CLAIMS_ARGS, 1, "no metrics.json"));
        cases.add(new Case("claims metrics truncated", m, truncated(0.5), CLAIMS_ARGS, 1, "line "));
        cases.add(new Case("claims metrics random bytes", m, randomBytes(), CLAIMS_ARGS, 1, "line 1"));
        cases.add(new Case("claims missing field", m, edit(s -> s.replaceFirst("\"mean\": 5.0, ", "")), CLAIMS_ARGS, 1, "row 0 (learned, hand_error_cm): 'mean'"));
        cases.add(new Case("claims wrong type", m, edit(s -> s.replaceFirst("5.0", "\"abc\"")), CLAIMS_ARGS, 1, "row 0 (learned, hand_error_cm): 'mean'"));
        cases.add(new Case("claims NaN", m, edit(s -> s.replaceFirst("12.0", "\"NaN\"")), CLAIMS_ARGS, 1, "row 1 (random, hand_error_cm): 'mean'"));
        cases.add(new Case("claims NaN token", m, edit(s -> s.replaceFirst("12.0", "NaN")), CLAIMS_ARGS, 1, "line 2"));
        cases.add(new Case("claims out of range", m, edit(s -> s.replaceFirst("\"episodes\": 10", "\"episodes\": -10")), CLAIMS_ARGS, 1, "row 0 (learned, hand_error_cm): 'episodes'"));
        List<String> missingDir = new ArrayList<>(CLAIMS_ARGS);
        missingDir.set(missingDir.size() - 1, "CASE/nowhere/claims.md");
        cases.add(new Case("claims into a missing directory", "nowhere", null, missingDir, 1, "no such directory"));
        return tests(cases);
    }

    @TestFactory
    Stream<DynamicTest> generate() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("generate under a file", "log.csv", null,
                List.of("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--out", "CASE/log.csv/ds"), 1, "is a file, not a directory"));
        cases.add(new Case("generate over a file", "log.csv", null,
                List.of("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--out", "CASE/log.csv"), 1, "not a directory"));
        cases.add(new Case("generate over a dataset without --overwrite", "ds", null,
                List.of("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--out", "DIR"), 1, "already exists"));
        cases.add(new Case("generate episodes out of range", "ds", null,
                List.of("generate", "--task", "wood-square", "--episodes", "0", "--width", "32", "--out", "CASE/new"), 2, "--episodes"));
        cases.add(new Case("generate width of wrong type", "ds", null,
                List.of("generate", "--task", "wood-square", "--episodes", "1", "--width", "wide", "--out", "CASE/new"), 2, "--width"));
        cases.add(new Case("generate unknown flag", "ds", null,
                List.of("generate", "--task", "wood-square", "--episodes", "1", "--colour", "red", "--out", "CASE/new"), 2, "--colour"));
        return tests(cases);
    }
}
