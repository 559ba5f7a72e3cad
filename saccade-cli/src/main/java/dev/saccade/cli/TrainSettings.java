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
record TrainSettings(Mode mode, Data data, Model model, Schedule schedule, Threads threads, Path out, boolean resume, long seed,
                     Path exemplars) {
    /** Settings without exemplars (the search stage, if any, aims at the annotated target: a labelled ablation). */
    TrainSettings(Mode mode, Data data, Model model, Schedule schedule, Threads threads, Path out, boolean resume, long seed) {
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

    /** Threads stepping the environments, and PyTorch's intra-op threads while collecting and updating. */
    record Threads(int environments, int rollout, int update) {}
}
