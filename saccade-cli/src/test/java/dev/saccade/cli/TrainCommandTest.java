package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.sphere.EquirectFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    private Path tinyConfig() throws IOException {
        return tinyConfig(dir);
    }

    /** Two envs of one episode each, one epoch: an iteration is 260 env steps and takes seconds (also train-search's tests'). */
    static Path tinyConfig(Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"run\": {\"envs\": 2, \"checkpointEvery\": 0}, \"ppo\": {\"epochs\": 1, \"minibatches\": 1}}");
        return config;
    }

    @Test
    void maxIterationsStopsTheRunAndResumeFromOutAloneFinishesIt() throws IOException {
        Path run = dir.resolve("run");
        CliRun first = CliRun.of("train", "--toy", "2", "--config", tinyConfig().toString(), "--steps", "520", "--max-iterations", "1",
                "--pretrain-steps", "4", "--eye-window", "3", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("encoder: pretrained 4 steps"), first.out());
        assertTrue(first.out().contains("stopped at --max-iterations"), first.out());
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and exactly one iteration");
        Checkpoint.RunRecord record = Checkpoint.readRunRecord(Checkpoint.latest(run)).orElseThrow();
        assertEquals(2, record.toy());
        assertEquals(0, record.episodesFrom());
        assertEquals(2, record.episodesTo());
        assertEquals(2 * record.frameHeight(), record.frameWidth());

        CliRun second = CliRun.of("train", "--resume", "--out", run.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("resuming") && second.out().contains("finished"), second.out());
        assertTrue(second.out().contains("on 2 toy demonstrations episodes 0:2"), second.out());
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, metrics.size(), String.join("\n", metrics));
        assertEquals(MetricsCsv.header(), metrics.get(0));
        assertTrue(metrics.get(0).startsWith("iteration,env_steps,seconds,stage,reward,hand_error_m,fovea_hits,bc_loss"), metrics.get(0));
        assertTrue(metrics.get(2).startsWith("2,520,"), metrics.get(2));
        assertEquals(MetricsCsv.COLUMNS.size(), metrics.get(2).split(",", -1).length, "every row has every column");
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/00000002/model.safetensors")));
        assertTrue(Files.readString(run.resolve("checkpoints/00000002/state.json")).replace(" ", "").contains("\"window\":3"),
                "--eye-window is the run's, kept through the resume");

        CliRun otherToy = CliRun.of("train", "--toy", "3", "--resume", "--out", run.toString());
        assertEquals(Main.EXIT_USAGE, otherToy.exitCode(), otherToy.err());
        assertTrue(otherToy.err().contains("--toy 3") && otherToy.err().contains("was trained on 2 toy demonstrations"), otherToy.err());
    }

    /**
     * PyTorch's sums depend on its thread counts: a run remembers the ones it started with, and
     * {@code --resume --out RUN} alone continues on them (it took the defaults before, 2 update
     * threads for a run started on 1); other counts given are used, with a warning.
     */
    @Test
    void resumeContinuesOnTheRunsThreadCountsAndWarnsWhenFlagsChangeThem() throws IOException {
        Path run = dir.resolve("threads");
        CliRun first = CliRun.of("train", "--toy", "2", "--config", tinyConfig().toString(), "--steps", "780", "--max-iterations", "1",
                "--pretrain-steps", "0", "--threads", "1", "--rollout-threads", "1", "--update-threads", "1", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err());
        Checkpoint.RunRecord started = Checkpoint.readRunRecord(run).orElseThrow();
        assertEquals(List.of(1, 1, 1), List.of(started.envThreads(), started.rolloutThreads(), started.updateThreads()));

        CliRun same = CliRun.of("train", "--resume", "--max-iterations", "2", "--out", run.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertFalse(same.out().contains("warning"), same.out());
        Checkpoint.RunRecord resumed = Checkpoint.readRunRecord(Checkpoint.latest(run)).orElseThrow();
        assertEquals(List.of(1, 1, 1), List.of(resumed.envThreads(), resumed.rolloutThreads(), resumed.updateThreads()),
                "the resumed session ran on the run's own counts, not the defaults (2, 1, 2)");

        CliRun other = CliRun.of("train", "--resume", "--update-threads", "2", "--out", run.toString());
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.out().contains("warning: --update-threads 2 (was 1)") && other.out().contains("bit for bit"), other.out());
        assertEquals(2, Checkpoint.readRunRecord(run).orElseThrow().updateThreads(), "the record says what the run last ran on");
    }

    @Test
    void theDefaultRunWithholdsTheAnnotationsAndReadingThemIsALabelledAblation() throws IOException {
        // Issue 12: the default run (hand-scored teacher, encoder pretrained on kinematic crops) trains on
        // demonstrations whose annotations throw when read, so finishing proves it read none.
        Path run = dir.resolve("default");
        CliRun plain = CliRun.of("train", "--toy", "2", "--config", tinyConfig().toString(), "--steps", "520", "--max-iterations", "1",
                "--pretrain-steps", "4", "--out", run.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(plain.out().contains("annotations: withheld from training"), plain.out());
        assertTrue(plain.out().contains("encoder: pretrained 4 steps") && plain.out().contains("(gripper, next grip)"), plain.out());
        assertTrue(Files.readString(Checkpoint.latest(run).resolve("state.json")).replace(" ", "").toLowerCase().contains("\"kind\":\"hindsight\""),
                "the default teacher is kinematic hindsight");

        CliRun oracle = CliRun.of("train", "--toy", "2", "--config", tinyConfig().toString(), "--steps", "520", "--max-iterations", "1",
                "--pretrain-steps", "4", "--pretrain-on", "annotations", "--teacher", "oracle", "--out", dir.resolve("oracle").toString());
        assertEquals(0, oracle.exitCode(), oracle.err());
        assertTrue(oracle.out().contains("annotations: read in training, a labelled ablation (teacher.kind oracle"), oracle.out());
        assertTrue(oracle.out().contains("--pretrain-on annotations: a labelled ablation"), oracle.out());

        CliRun badTeacher = CliRun.of("train", "--toy", "2", "--teacher", "scripted", "--out", dir.resolve("bad").toString());
        assertEquals(Main.EXIT_USAGE, badTeacher.exitCode(), badTeacher.err());
        assertTrue(badTeacher.err().contains("--teacher must be one of hindsight, hand-scored, oracle, none"), badTeacher.err());
        CliRun noTeacher = CliRun.of("train", "--toy", "2", "--teacher", "none", "--imitation", "0.5", "--out", dir.resolve("bad").toString());
        assertEquals(Main.EXIT_USAGE, noTeacher.exitCode(), noTeacher.err());
        assertTrue(noTeacher.err().contains("--imitation 0.5") && noTeacher.err().contains("give --teacher"), noTeacher.err());
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
    }

    @Test
    void aRunRemembersItsDatasetRangeAndResolutionAndEvalRefusesWhatItWasTrainedOn() throws IOException {
        Path dataset = dir.resolve("toy");
        ToyDemonstrations.generate(3, 32, 3).writeDataset(dataset, new VideoSettings(2, 4.0, 1));
        Path run = dir.resolve("run");
        CliRun first = CliRun.of("train", "--dataset", dataset.toString(), "--episodes", "0:2", "--config", tinyConfig().toString(),
                "--steps", "520", "--max-iterations", "1", "--pretrain-steps", "0", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err());

        CliRun otherRange = CliRun.of("train", "--dataset", dataset.toString(), "--episodes", "0:3", "--resume", "--out", run.toString());
        assertEquals(Main.EXIT_USAGE, otherRange.exitCode(), otherRange.err());
        assertTrue(otherRange.err().contains("--episodes 0:3") && otherRange.err().contains("episodes 0:2"), otherRange.err());
        CliRun otherDataset = CliRun.of("train", "--dataset", dir.resolve("elsewhere").toString(), "--resume", "--out", run.toString());
        assertEquals(Main.EXIT_USAGE, otherDataset.exitCode(), otherDataset.err());
        assertTrue(otherDataset.err().contains("--dataset") && otherDataset.err().contains(dataset.toAbsolutePath().toString()),
                otherDataset.err());

        // Evaluation of the episodes it was trained on is refused, naming them; held-out ones are not.
        Path eval = dir.resolve("eval");
        CliRun onTraining = CliRun.of("eval", "--run", run.toString(), "--dataset", dataset.toString(), "--episodes", "1:3",
                "--starts", "1", "--gazes", "learned,random", "--no-search", "--out", eval.toString());
        assertEquals(Main.EXIT_DATA, onTraining.exitCode(), onTraining.err());
        assertTrue(onTraining.err().contains("trained on episodes 0:2") && onTraining.err().contains("--allow-training-episodes"),
                onTraining.err());
        assertFalse(Files.exists(eval), "nothing written");
        CliRun heldOut = CliRun.of("eval", "--run", run.toString(), "--dataset", dataset.toString(), "--hand", "random=" + run,
                "--starts", "1", "--gazes", "learned,random", "--no-search", "--out", eval.toString());
        assertEquals(0, heldOut.exitCode(), heldOut.err());
        assertTrue(Files.readString(eval.resolve("metrics.csv")).contains("random,own,hand_error_cm"), "the random gaze's own hand");
        assertTrue(Files.readString(eval.resolve("summary.json")).contains("\"evaluated episodes\" : \"2 (1 episodes"),
                "the default is the episode it was not trained on");

        // Data without annotations: evaluated, with a warning that the gaze metrics need them.
        Path unannotated = dir.resolve("unannotated");
        writeWithoutAnnotations(ToyDemonstrations.generate(3, 32, 3), unannotated);
        Path eval3 = dir.resolve("eval3");
        CliRun bare = CliRun.of("eval", "--run", run.toString(), "--dataset", unannotated.toString(), "--episodes", "2:3",
                "--starts", "1", "--gazes", "learned,random", "--no-search", "--out", eval3.toString());
        assertEquals(0, bare.exitCode(), bare.err());
        assertTrue(bare.out().contains("warning") && bare.out().contains("without annotations"), bare.out());

        // The same path now holds data at another resolution: resuming and evaluating are refused by name.
        Path rendered = dir.resolve("other-resolution");
        ToyDemonstrations.generate(3, 16, 3).writeDataset(rendered, new VideoSettings(2, 4.0, 1));
        CliRun otherFrames = CliRun.of("eval", "--run", run.toString(), "--dataset", rendered.toString(), "--episodes", "2:3",
                "--starts", "1", "--gazes", "learned", "--no-search", "--out", dir.resolve("eval2").toString());
        assertEquals(Main.EXIT_DATA, otherFrames.exitCode(), otherFrames.err());
        assertTrue(otherFrames.err().contains("32×16 frames") && otherFrames.err().contains("trained on 64×32"), otherFrames.err());
        dev.saccade.core.AtomicFiles.deleteRecursively(dataset);
        Files.move(rendered, dataset);
        CliRun resumedOnOther = CliRun.of("train", "--resume", "--out", run.toString());
        assertEquals(Main.EXIT_DATA, resumedOnOther.exitCode(), resumedOnOther.err());
        assertTrue(resumedOnOther.err().contains("32×16 frames") && resumedOnOther.err().contains("64×32"), resumedOnOther.err());
    }

    @Test
    void aRunFitsItsLengthToItsBudgetOnceAndKeepsItWhenResumed() throws IOException {
        Path dataset = dir.resolve("toy");
        ToyDemonstrations.generate(2, 32, 5).writeDataset(dataset, new VideoSettings(2, 4.0, 1));
        Path config = dir.resolve("one-env.json");
        Files.writeString(config, "{\"run\": {\"envs\": 1, \"checkpointEvery\": 0}, \"ppo\": {\"epochs\": 1, \"minibatches\": 1}}");
        Path run = dir.resolve("run");
        // A budget far away: the length it fits is long, and --max-iterations stops it after the fitting (iteration 4).
        CliRun first = CliRun.of("train", "--dataset", dataset.toString(), "--config", config.toString(), "--pretrain-steps", "0",
                "--budget", "2h", "--fit-budget", "--max-iterations", "5", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("budget: ") && first.out().contains("the run's length is now"), first.out());
        long chosen = Checkpoint.readRunRecord(run).orElseThrow().sizedEnvSteps();
        Path latest = Checkpoint.latest(run);
        assertEquals(chosen, Checkpoint.readRunRecord(latest).orElseThrow().sizedEnvSteps(), "the checkpoint keeps the chosen length");
        assertEquals(chosen, Checkpoint.readState(latest).config().run().totalEnvSteps());
        assertTrue(chosen > 5 * 130 && chosen % 130 == 0, "whole iterations beyond the ones done: " + chosen);

        CliRun resumed = CliRun.of("train", "--resume", "--budget", "2h", "--fit-budget", "--max-iterations", "6", "--out", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertFalse(resumed.out().contains("the run's length is now"), "a resumed run keeps its length: " + resumed.out());
        assertEquals(chosen, Checkpoint.readState(Checkpoint.latest(run)).config().run().totalEnvSteps());
        assertEquals(6, Checkpoint.readState(Checkpoint.latest(run)).iteration());
    }

    @Test
    void helpSaysHowOftenCheckpointsAreWritten() {
        CliRun help = CliRun.of("train", "--help");
        assertEquals(0, help.exitCode());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("A checkpoint is written every 10 iterations") && text.contains("--resume --out RUN"), help.out());
    }

    /** Writes {@code demos} as a dataset with the arm's state and action only (as a real capture without labels). */
    private static void writeWithoutAnnotations(ToyDemonstrations demos, Path out) throws IOException {
        Demonstration first = demos.episodes().get(0);
        EquirectFrame frame = demos.decode(first, 0);
        DatasetSpec spec = DatasetSpec.saccade(Features.DEFAULT_FPS, frame.width(), frame.height(), false)
                .withVideo(new VideoSettings(2, 4.0, 1));
        try (DatasetWriter writer = DatasetWriter.create(out, spec)) {
            for (Demonstration d : demos.episodes()) {
                try (EpisodeWriter ep = writer.beginEpisode(d.task().instruction())) {
                    for (int f = 0; f < d.length(); f++) {
                        ep.addFrame(demos.decode(d, f), Map.of(
                                Features.STATE, Arrays.copyOfRange(d.state(), 7 * f, 7 * f + 7),
                                Features.ACTION, Arrays.copyOfRange(d.action(), 7 * f, 7 * f + 7)));
                    }
                    ep.commit();
                }
            }
            writer.finish();
        }
    }

    @Test
    void mistakesAreOneLineErrors() throws IOException {
        CliRun noSource = CliRun.of("train", "--out", dir.resolve("a").toString());
        assertEquals(2, noSource.exitCode());
        assertTrue(noSource.err().contains("--dataset or --toy"), noSource.err());
        CliRun badBudget = CliRun.of("train", "--toy", "1", "--budget", "5 parsecs", "--out", dir.resolve("b").toString());
        assertEquals(2, badBudget.exitCode());
        assertTrue(badBudget.err().contains("--budget"), badBudget.err());
        CliRun missing = CliRun.of("train", "--dataset", dir.resolve("nowhere").toString(), "--out", dir.resolve("c").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("saccade: ") && missing.err().strip().lines().count() == 1, missing.err());
        CliRun noEncoder = CliRun.of("train", "--toy", "1", "--encoder", dir.resolve("none.safetensors").toString(),
                "--out", dir.resolve("f").toString());
        assertEquals(1, noEncoder.exitCode());
        assertTrue(noEncoder.err().contains("none.safetensors") && !noEncoder.out().contains("frames"), noEncoder.err() + noEncoder.out());
        CliRun noEye = CliRun.of("train", "--toy", "1", "--eye-from", dir.resolve("no-run").toString(), "--out", dir.resolve("g").toString());
        assertEquals(1, noEye.exitCode());
        assertTrue(noEye.err().contains("no-run") && noEye.err().contains("--eye-from"), noEye.err());
        for (String run : List.of("f", "g")) {
            assertFalse(Files.exists(dir.resolve(run)), "nothing written for a run that could not start: " + run);
        }
        CliRun noWindow = CliRun.of("train", "--toy", "1", "--eye-window", "0", "--out", dir.resolve("h").toString());
        assertEquals(2, noWindow.exitCode());
        assertTrue(noWindow.err().contains("--eye-window"), noWindow.err());
        CliRun fitWithoutBudget = CliRun.of("train", "--toy", "1", "--fit-budget", "--out", dir.resolve("i").toString());
        assertEquals(2, fitWithoutBudget.exitCode());
        assertTrue(fitWithoutBudget.err().contains("--budget"), fitWithoutBudget.err());
        CliRun badGaze = CliRun.of("eval", "--run", dir.toString(), "--dataset", dir.toString(), "--gazes", "learned,wander",
                "--out", dir.resolve("j").toString());
        assertEquals(2, badGaze.exitCode());
        assertTrue(badGaze.err().contains("'wander'") && badGaze.err().contains("best-fixed"), badGaze.err());
        CliRun learnedHand = CliRun.of("eval", "--run", dir.toString(), "--dataset", dir.toString(), "--hand", "learned=" + dir,
                "--out", dir.resolve("j").toString());
        assertEquals(2, learnedHand.exitCode());
        assertTrue(learnedHand.err().contains("--hand") && learnedHand.err().contains("random, fixed"), learnedHand.err());
        CliRun nothingToResume = CliRun.of("train", "--toy", "1", "--resume", "--out", dir.resolve("e").toString());
        assertEquals(1, nothingToResume.exitCode());
    }

    @Test
    void aBadConfigFileIsOneLineNamingTheKeyAndTheFileWithExit1AndNothingWritten() throws IOException {
        String[][] cases = {
            {"{\"ppo\": {\"epochz\": 3}}", "ppo.epochz"},
            {"{\"ppo\": {\"epochs\": \"three\"}}", "ppo.epochs"},
            {"{\"optimiser\": {\"eyeLr\": -0.001}}", "optimiser.eyeLr"},
            {"{\"run\": {\"envs\": 2,}", "line"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path config = dir.resolve("bad-" + i + ".json");
            Files.writeString(config, cases[i][0]);
            Path out = dir.resolve("run-" + i);
            CliRun bad = CliRun.of("train", "--toy", "1", "--config", config.toString(), "--out", out.toString());
            assertEquals(Main.EXIT_DATA, bad.exitCode(), cases[i][0] + ": " + bad.err());
            assertEquals(1, bad.err().strip().lines().count(), bad.err());
            assertTrue(bad.err().contains(config.toString()) && bad.err().contains(cases[i][1]), cases[i][0] + ": " + bad.err());
            assertFalse(bad.out().contains("frames"), "a bad config fails before any frame is loaded: " + bad.out());
            assertFalse(Files.exists(out), "nothing written: " + out);
        }
        CliRun badFlag = CliRun.of("train", "--toy", "1", "--envs", "0", "--out", dir.resolve("flag").toString());
        assertEquals(Main.EXIT_USAGE, badFlag.exitCode());
        assertTrue(badFlag.err().lines().findFirst().orElse("").contains("--envs"), badFlag.err());
        assertFalse(Files.exists(dir.resolve("flag")));
    }
}
