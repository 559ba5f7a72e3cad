package dev.saccade.cli;

import dev.saccade.core.Durations;
import dev.saccade.core.InputException;
import dev.saccade.gym.demo.EpisodeRange;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.learn.train.BcRlConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saccade train}: BC-RL of the hand and the eye on a dataset's demonstrations (docs/LEARNING.md). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the hand (behaviour cloning) and the eye (PPO on the hand's error) together in DemoEyeGym. "
                + "Writes RUN/checkpoints/ (resumable, weights as safetensors), RUN/metrics.csv and RUN/run.json (what the run "
                + "was trained on).",
            "A checkpoint is written every " + TrainSetup.CHECKPOINT_EVERY + " iterations (the config's run.checkpointEvery), "
                + "when --budget or --max-iterations stops the run, and at its end; the two newest are kept. "
                + "Continue with 'saccade train --resume --out RUN'."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    Options flags;

    @Option(names = "--eye-from", description = "Start the eye from a train-search run directory (its latest checkpoint).")
    Path eyeFrom;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return TrainRun.run(flags.settings(TrainSettings.Mode.BC_RL, eyeFrom), spec.commandLine().getOut());
    }

    /** The flags {@code saccade train} and {@code saccade train-search} share (a picocli mixin). */
    static final class Options {
        /** Where the demonstrations come from: a dataset, or generated toy ones. */
        static final class Source {
            @Option(names = "--dataset", description = "A Saccade (LeRobot v3) dataset directory.")
            Path dataset;

            @Option(names = "--toy", description = "Train on N generated toy demonstrations instead (smoke runs, no dataset needed).")
            Integer toy;
        }

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Source source;

        @Option(names = "--out", required = true, description = "Run directory: checkpoints/, metrics.csv, run.json.")
        Path out;

        @Option(names = "--episodes", description = "Train on these episodes of the dataset only, FROM:TO (TO excluded), e.g. 0:50; "
                + "the rest can be held out for 'saccade eval'. A resumed run remembers its range.")
        String episodes;

        @Option(names = "--config", description = "JSON file of training settings by group, e.g. {\"ppo\": {\"epochs\": 3}} (groups run, ppo, bc, "
                + "optimiser, schedule, teacher, stages; any subset of their keys; see docs/LEARNING.md).")
        Path config;

        @Option(names = "--steps", description = "Env steps to train for (overrides the config's run.totalEnvSteps).")
        Long steps;

        @Option(names = "--budget", description = "Stop after this wall time (e.g. 15m, 1h30m) with a checkpoint; --resume continues.")
        String budget;

        @Option(names = "--max-iterations", description = "Stop once the run has done this many iterations, with a checkpoint; "
                + "--resume continues.")
        Integer maxIterations;

        @Option(names = "--fit-budget", description = "With --budget: measure the env-step rate over the first iterations and set "
                + "the run's length so that it ends at the budget (its schedules are fractions of the length). A resumed run keeps "
                + "the length it chose.")
        boolean fitBudget;

        @Option(names = "--fit-random-hand", description = "With --fit-budget: leave room in the budget for a hand trained later "
                + "under random gaze for the same env steps (the demo's fair comparison); its cost per env step is measured here, "
                + "once this run has been timed, on two iterations of a throwaway hand.")
        boolean fitRandomHand;

        @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint, exactly, on the data it "
                + "remembers (--dataset, --toy and --episodes may be left out; if given they must match).")
        boolean resume;

        @Option(names = "--encoder", description = "A frozen encoder: a .safetensors file of Saccade's conv encoder, or a TorchScript .pt module.")
        Path encoder;

        @Option(names = "--pretrain-steps", defaultValue = "600",
                description = "Without --encoder: steps of encoder pretraining (default ${DEFAULT-VALUE}; 0: none).")
        int pretrainSteps;

        @Option(names = "--pretrain-on", defaultValue = "kinematics",
                description = "What labels the pretraining crops: kinematics (default: the gripper's direction from the joint state "
                        + "and the camera's calibration, what a rig has) or annotations (the dataset's ground truth: a labelled "
                        + "ablation).")
        String pretrainOn;

        @Option(names = "--envs", description = "Parallel episodes per iteration (default from the config).")
        Integer envs;

        @Option(names = "--search-steps", description = "BC-RL only: env steps of the search stage first, in which the eye is rewarded "
                + "for looking at the relevant thing (clamp(1 - angle/50°, 0, 1), from the annotations) while the hand learns by BC; "
                + "then the hand's reward takes over (default from the config; 0: BC-RL from scratch).")
        Long searchSteps;

        @Option(names = "--teacher", description = "BC-RL only: the eye's teacher (default from the config: hindsight). "
                + "hindsight: the saccade toward where the demonstrated hand acts next (its gripper at the next change of grip, "
                + "from the recorded joints, UR5e kinematics and the camera's calibration; reads no annotation); "
                + "hand-scored: candidate gazes scored by the hand's error on the demonstration's known future, the best imitated "
                + "in the states the eye visits (reads no annotation); oracle: the scripted oracle, which reads the annotations "
                + "(a labelled upper-bound ablation); none: PPO on the hand's reward alone.")
        String teacher;

        @Option(names = "--imitation", description = "BC-RL only: weight of the eye's imitation of its teacher (cross-entropy "
                + "against the teacher's labels in the states the eye visits, decayed to 0 over the config's "
                + "teacher.decayEnvSteps; default from the config; 0: none, the eye learns from the hand's reward alone).")
        Double imitation;

        @Option(names = "--gaze", defaultValue = "learned",
                description = "learned (default): the eye learns. random, fixed, best-fixed, oracle or follow: that baseline eye drives the gaze "
                        + "and only the hand learns (BC under a fixed gaze regime).")
        String gaze;

        @Option(names = "--view", defaultValue = "foveated",
                description = "foveated (default: 3 levels of 64² at 17.3°/62.3°/116°, 16 tokens each) or uniform "
                        + "(the ablation: one 116° level of 112², 49 tokens).")
        String view;

        @Option(names = "--eye-window", description = "Steps the eye remembers, the current one included (default "
                + TrainSetup.EYE_WINDOW + "; the original's 10; 1: no memory, the eye acts on what it sees now and where it looks).")
        Integer eyeWindow;

        @Option(names = "--start-stride", defaultValue = "2",
                description = "Episodes start on multiples of this frame (default ${DEFAULT-VALUE}: with GOP-2 video every frame asked for is a "
                        + "keyframe, and episodes visit half the frames).")
        int startStride;

        @Option(names = "--no-preload", negatable = false,
                description = "Do not decode every frame episodes can visit into the cache before training.")
        boolean noPreload;

        @Option(names = "--threads", description = "Threads stepping the environments (default " + TrainSettings.Threads.ENVIRONMENTS
                + "; a resumed run: the ones it ran with).")
        Integer threads;

        @Option(names = "--rollout-threads", description = "PyTorch intra-op threads while collecting rollouts (default "
                + TrainSettings.Threads.ROLLOUT + ": batch-1 steps gain nothing from more; a resumed run: the ones it ran with).")
        Integer rolloutThreads;

        @Option(names = "--update-threads", description = "PyTorch intra-op threads during updates and encoder pretraining (default "
                + TrainSettings.Threads.UPDATE + "; a resumed run: the ones it ran with, since PyTorch's sums depend on them).")
        Integer updateThreads;

        @Option(names = "--cache-mb", description = "Decoded-frame cache bound in MiB (default: every frame episodes can visit, "
                + "within the JVM's heap less 2 GiB).")
        Long cacheMb;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, sampling and episodes (default ${DEFAULT-VALUE}).")
        long seed;

        /** Checks the flags (a bad one is a usage error naming it) and turns them into the run's settings. */
        TrainSettings settings(TrainSettings.Mode mode, Path eyeFrom) {
            Path dataset = source == null ? null : source.dataset;
            int toy = source == null || source.toy == null ? 0 : source.toy;
            if (source == null && !resume) {
                throw new Flags.BadFlag("one of --dataset or --toy is required (a resumed run may leave it out)");
            }
            if (source != null && source.toy != null) {
                Flags.requireRange("--toy", source.toy, 1, 10_000);
            }
            if (steps != null) {
                Flags.requireRange("--steps", steps, 1, Long.MAX_VALUE / 2);
            }
            if (envs != null) {
                Flags.requireRange("--envs", envs, 1, 1024);
            }
            if (maxIterations != null) {
                Flags.requireRange("--max-iterations", maxIterations, 1, Integer.MAX_VALUE);
            }
            if (threads != null) {
                Flags.requireRange("--threads", threads, 1, 256);
            }
            if (rolloutThreads != null) {
                Flags.requireRange("--rollout-threads", rolloutThreads, 1, 256);
            }
            if (updateThreads != null) {
                Flags.requireRange("--update-threads", updateThreads, 1, 256);
            }
            if (cacheMb != null) {
                Flags.requireRange("--cache-mb", cacheMb, 16, 1L << 30);
            }
            Flags.requireRange("--start-stride", startStride, 1, 1000);
            if (searchSteps != null) {
                Flags.requireRange("--search-steps", searchSteps, 0, Long.MAX_VALUE / 2);
            }
            GazeRegime regime = GazeRegime.trainable().stream().filter(g -> g.cliName().equals(gaze)).findFirst()
                    .orElseThrow(() -> new Flags.BadFlag("--gaze must be one of " + GazeRegime.names(GazeRegime.trainable())
                            + ", got '" + gaze + "'"));
            if (!view.equals("foveated") && !view.equals("uniform")) {
                throw new Flags.BadFlag("--view must be foveated or uniform, got '" + view + "'");
            }
            if (eyeWindow != null) {
                Flags.requireRange("--eye-window", eyeWindow, 1, 64);
            }
            if (imitation != null && !(imitation >= 0 && imitation <= 1e6)) {
                throw new Flags.BadFlag("--imitation must be a weight in [0, 1e6], got " + imitation);
            }
            BcRlConfig.TeacherKind teacherKind = null;
            if (teacher != null) {
                teacherKind = switch (teacher) {
                    case "hand-scored" -> BcRlConfig.TeacherKind.HAND_SCORED;
                    case "hindsight" -> BcRlConfig.TeacherKind.HINDSIGHT;
                    case "oracle" -> BcRlConfig.TeacherKind.ORACLE;
                    case "none" -> BcRlConfig.TeacherKind.NONE;
                    default -> throw new Flags.BadFlag("--teacher must be one of hindsight, hand-scored, oracle, none, got '" + teacher + "'");
                };
            }
            TrainSettings.PretrainTargets targets = switch (pretrainOn) {
                case "kinematics" -> TrainSettings.PretrainTargets.KINEMATICS;
                case "annotations" -> TrainSettings.PretrainTargets.ANNOTATIONS;
                default -> throw new Flags.BadFlag("--pretrain-on must be kinematics or annotations, got '" + pretrainOn + "'");
            };
            if (regime != GazeRegime.LEARNED && (eyeFrom != null || (searchSteps != null && searchSteps > 0) || (imitation != null && imitation > 0)
                    || (teacherKind != null && teacherKind != BcRlConfig.TeacherKind.NONE))) {
                throw new Flags.BadFlag("--gaze " + gaze + " trains the hand alone; drop --eye-from, --search-steps, --teacher and --imitation");
            }
            Flags.requireRange("--pretrain-steps", pretrainSteps, 0, 10_000_000);
            Duration limit = null;
            if (budget != null) {
                try {
                    limit = Durations.parse(budget, "--budget");
                } catch (InputException e) {
                    throw new Flags.BadFlag(e.getMessage());
                }
            }
            if (fitBudget && limit == null) {
                throw new Flags.BadFlag("--fit-budget sizes the run to --budget; give --budget too");
            }
            if (fitRandomHand && !fitBudget) {
                throw new Flags.BadFlag("--fit-random-hand shares the budget that --fit-budget fits; give --fit-budget too");
            }
            if (fitRandomHand && (mode != TrainSettings.Mode.BC_RL || regime != GazeRegime.LEARNED)) {
                throw new Flags.BadFlag("--fit-random-hand leaves room for a random-gaze hand after BC-RL of the learned eye only");
            }
            if (resume && (config != null || encoder != null || eyeFrom != null || steps != null || searchSteps != null
                    || teacher != null || imitation != null || regime != GazeRegime.LEARNED || !view.equals("foveated") || eyeWindow != null)) {
                throw new Flags.BadFlag("--resume continues a run with its own settings; drop --config, --steps, --search-steps, "
                        + "--teacher, --imitation, --encoder, --eye-from, --gaze, --view and --eye-window");
            }
            EpisodeRange.Bounds range = null;
            if (episodes != null) {
                range = EpisodeRange.parse(episodes);
                if (range == null) {
                    throw new Flags.BadFlag("--episodes must be FROM:TO with 0 <= FROM < TO, got '" + episodes + "'");
                }
            }
            return new TrainSettings(mode,
                    new TrainSettings.Data(dataset, toy, range, startStride, !noPreload, cacheMb),
                    new TrainSettings.Model(view, eyeWindow == null ? TrainSetup.EYE_WINDOW : eyeWindow, encoder, pretrainSteps, targets, eyeFrom),
                    new TrainSettings.Schedule(config, steps == null ? 0 : steps, limit, maxIterations == null ? 0 : maxIterations,
                            fitBudget, fitRandomHand, envs, searchSteps, teacherKind, imitation, regime),
                    new TrainSettings.Threads.Given(threads, rolloutThreads, updateThreads), out, resume, seed);
        }
    }
}
