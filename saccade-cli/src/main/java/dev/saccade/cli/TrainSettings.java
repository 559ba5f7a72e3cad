package dev.saccade.cli;

import dev.saccade.gym.demo.EpisodeRange;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.learn.train.BcRlConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code saccade train} and {@code saccade train-search} were asked to do, checked, by concern
 * (the flags of {@link TrainCommand.Options} turn into this; {@link TrainRun} carries it out).
 */
record TrainSettings(Mode mode, Data data, Model model, Schedule schedule, Threads.Given threads, Path out, boolean resume, long seed,
                     Path exemplars) {
    /** Settings without exemplars (the search stage, if any, aims at the annotated target: a labelled ablation). */
    TrainSettings(Mode mode, Data data, Model model, Schedule schedule, Threads.Given threads, Path out, boolean resume, long seed) {
        this(mode, data, model, schedule, threads, out, resume, seed, null);
    }

    /**
     * These settings searching for the things whose exemplar images are in {@code dir} (search mode
     * only; null: the annotated target), by relevancy in the run's own encoder features: annotation-free.
     */
    TrainSettings withExemplars(Path dir) {
        return new TrainSettings(mode, data, model, schedule, threads, out, resume, seed, dir);
    }

    /** BC-RL of hand and eye, or visual-search pretraining of the eye alone. */
    enum Mode { BC_RL, SEARCH }

    /**
     * Where the demonstrations come from and how their frames are kept. {@code dataset} is null with
     * {@code toy} generated demonstrations, and both are unset ({@code null}, 0) when a resumed run
     * is to take what it remembers; {@code episodes} is null for all of them (or the remembered range).
     */
    record Data(Path dataset, int toy, EpisodeRange.Bounds episodes, int startStride, boolean preload, Long cacheMb) {
        boolean given() {
            return dataset != null || toy > 0;
        }
    }

    /**
     * The policy's view and memory, and where its encoder and eye start from: a given encoder, or one
     * pretrained here for {@code pretrainSteps} on crops labelled by {@code pretrainOn}.
     */
    record Model(String view, int eyeWindow, Path encoder, int pretrainSteps, PretrainTargets pretrainOn, Path eyeFrom) {}

    /** What labels the crops of encoder pretraining. */
    enum PretrainTargets {
        /** The gripper's direction from the joint state, UR5e kinematics and the camera's calibration: what a rig has. */
        KINEMATICS,
        /** The dataset's annotations (object, target, gripper): an explicitly labelled ablation, never a default. */
        ANNOTATIONS
    }

    /**
     * What is trained and for how long: config, length, envs, the eye's stages and its gaze; and when
     * to stop: the wall-time budget (null: none), an iteration cap (0: none), whether the run's length
     * is sized to the budget from its measured rate, and whether that budget also covers a random-gaze
     * hand trained later for the same env steps (the demo's fair comparison).
     */
    record Schedule(Path config, long steps, Duration budget, int maxIterations, boolean fitBudget, boolean fitRandomHand,
                    Integer envs, Long searchSteps, BcRlConfig.TeacherKind teacher, Double imitation, GazeRegime gaze) {}

    /**
     * Threads stepping the environments, and PyTorch's intra-op threads while collecting and updating
     * (and pretraining the encoder). PyTorch's sums depend on its thread counts, so a run continues
     * exactly only on the counts it ran with: a resumed run takes the ones it remembers.
     */
    record Threads(int environments, int rollout, int update) {
        static final int ENVIRONMENTS = 2;
        static final int ROLLOUT = 1;
        static final int UPDATE = 2;

        /** The thread flags as given on the command line (null: not given). */
        record Given(Integer environments, Integer rollout, Integer update) {
            /** The counts of a new run: the flags given, the defaults for the rest. */
            Threads orDefaults() {
                return new Threads(environments != null ? environments : ENVIRONMENTS, rollout != null ? rollout : ROLLOUT,
                        update != null ? update : UPDATE);
            }

            /** The counts of a resumed run that ran with {@code remembered}: the flags given, the remembered ones for the rest. */
            Threads over(Threads remembered) {
                return new Threads(environments != null ? environments : remembered.environments(),
                        rollout != null ? rollout : remembered.rollout(), update != null ? update : remembered.update());
            }
        }

        /**
         * The PyTorch thread flags whose counts differ from {@code other}'s, as {@code --flag N (was M)}; empty if
         * none. (The environments' threads step independent episodes: their count changes no result.)
         */
        java.util.List<String> differences(Threads other) {
            java.util.List<String> d = new java.util.ArrayList<>();
            if (rollout != other.rollout) {
                d.add("--rollout-threads " + rollout + " (was " + other.rollout + ")");
            }
            if (update != other.update) {
                d.add("--update-threads " + update + " (was " + other.update + ")");
            }
            return d;
        }
    }
}
