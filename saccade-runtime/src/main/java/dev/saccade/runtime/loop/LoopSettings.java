package dev.saccade.runtime.loop;

/**
 * How the runtime loop runs.
 *
 * @param framesPerStep  control periods per policy step (2: the eye steps at 15 Hz on a 30 fps clock, as in training)
 * @param aggregation    how overlapping chunks become one target
 * @param coefficient    ensembling's k ({@link Aggregation#ACT_COEFFICIENT})
 * @param maxStepRad     the per-step motion clamp (rad per joint per period; capped by the speed limit)
 * @param watchdogFrames frames without a usable chunk after which the robot is stopped (15: EyeRobot's 0.5 s)
 * @param maxFrames      frames after which an episode ends if the cell has not reported success
 * @param searchSteps    policy steps at the start of an episode during which an agent that looks (has a pyramid) only moves
 *                       its eye: the arm holds and the hand's chunks are not executed. Training pauses the demonstration
 *                       for its first 30 steps (DemoEyeGym's search phase) while the eye finds the object; without the
 *                       pause the arm sets off on chunks predicted before the eye has seen it
 * @param gripperThreshold if a number in (0, 1): the aggregated gripper value is sent as closed (1) at or above
 *                       it and open (0) below, as the binary labels the hand learned from; NaN: sent as it is
 */
public record LoopSettings(int framesPerStep, Aggregation aggregation, double coefficient, double maxStepRad,
                           int watchdogFrames, int maxFrames, int searchSteps, double gripperThreshold) {
    public LoopSettings {
        if (searchSteps < 0 || framesPerStep < 1 || watchdogFrames < 1 || maxFrames < 1 || !(maxStepRad > 0) || !(coefficient >= 0)) {
            throw new IllegalArgumentException("loop settings must be positive");
        }
        if (!Double.isNaN(gripperThreshold) && !(gripperThreshold > 0 && gripperThreshold < 1)) {
            throw new IllegalArgumentException("the gripper threshold must be in (0, 1) or NaN, got " + gripperThreshold);
        }
    }

    /** 15 Hz policy steps, temporal ensembling, 0.1 rad per frame at most, a 0.5 s watchdog, 20 s episodes, no search phase, the gripper as sent. */
    public static LoopSettings defaults() {
        return new LoopSettings(2, Aggregation.ENSEMBLE, Aggregation.ACT_COEFFICIENT, 0.1, 15, 600, 0, Double.NaN);
    }

    public LoopSettings withAggregation(Aggregation a) {
        return new LoopSettings(framesPerStep, a, coefficient, maxStepRad, watchdogFrames, maxFrames, searchSteps, gripperThreshold);
    }

    public LoopSettings withMaxFrames(int n) {
        return new LoopSettings(framesPerStep, aggregation, coefficient, maxStepRad, watchdogFrames, n, searchSteps, gripperThreshold);
    }

    public LoopSettings withFramesPerStep(int n) {
        return new LoopSettings(n, aggregation, coefficient, maxStepRad, watchdogFrames, maxFrames, searchSteps, gripperThreshold);
    }

    public LoopSettings withSearchSteps(int n) {
        return new LoopSettings(framesPerStep, aggregation, coefficient, maxStepRad, watchdogFrames, maxFrames, n, gripperThreshold);
    }

    public LoopSettings withGripperThreshold(double t) {
        return new LoopSettings(framesPerStep, aggregation, coefficient, maxStepRad, watchdogFrames, maxFrames, searchSteps, t);
    }
}
