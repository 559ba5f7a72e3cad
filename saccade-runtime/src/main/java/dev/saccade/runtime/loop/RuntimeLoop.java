package dev.saccade.runtime.loop;

import dev.saccade.gym.eye.EyeActions;
import dev.saccade.runtime.eye.Eye;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.Robot;
import dev.saccade.runtime.robot.RobotState;
import dev.saccade.sphere.Gaze;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The closed loop, one episode at a time. Every frame (control period): every
 * {@code framesPerStep} frames the agent decides on the eye's pyramid and the arm's state (batch 1,
 * its latency measured), its chunk is checked and, if sound, joins the live chunks, and the eye is
 * sent its next gaze; then the live chunks' target for this frame is clamped and sent to the
 * robot, the listener sees the frame, and the cell advances. Without a usable chunk for
 * {@code watchdogFrames} frames the robot is stopped and held. The episode ends when the cell
 * reports success or after {@code maxFrames} frames.
 *
 * <p>Reads top to bottom: {@link #run} is the whole loop.
 */
public final class RuntimeLoop {
    private final LoopSettings settings;

    public RuntimeLoop(LoopSettings settings) {
        this.settings = settings;
    }

    public LoopSettings settings() {
        return settings;
    }

    /** Runs one episode of {@code agent} in {@code cell}. */
    public EpisodeResult run(Cell cell, Agent agent, long seed, FrameListener listener) throws IOException {
        Robot robot = cell.robot();
        Eye eye = cell.eye();
        int joints = robot.limits().joints();
        SafetyFilter safety = new SafetyFilter(robot.limits(), robot.period(), settings.maxStepRad());
        ChunkAggregator chunks = new ChunkAggregator(settings.aggregation(), settings.coefficient(), joints + 1);
        RobotState start = robot.state();
        safety.reset(start.joints(), start.gripper());
        agent.reset(cell.task(), seed);
        long[] latencies = new long[settings.maxFrames() / settings.framesPerStep() + 1];
        int steps = 0, rejected = 0, stopped = 0, lastUsable = 0;
        double[] target = new double[joints + 1];
        // An agent that looks first searches, as in training: its chunks are not executed until its eye has had the steps to find things.
        int searchFrames = agent.pyramid().isPresent() ? settings.searchSteps() * settings.framesPerStep() : 0;
        float[] seen = null; // the pyramid of the newest policy step, for listeners (the live view)
        int frame = 0;
        for (; frame < settings.maxFrames() && !cell.success(); frame++) {
            boolean searching = frame < searchFrames;
            RobotState state = robot.state();
            boolean policyStep = frame % settings.framesPerStep() == 0;
            long nanos = 0;
            if (policyStep) {
                Gaze gaze = eye.state().gaze();
                float[] pyramid = agent.pyramid().isPresent() ? eye.look().pyramid() : null;
                seen = pyramid;
                Percept percept = new Percept(frame, pyramid, gaze, state.proprio(), cell.task(), cell.truth().orElse(null));
                long t0 = System.nanoTime();
                AgentAction action = agent.act(percept);
                nanos = System.nanoTime() - t0;
                latencies[steps++] = nanos;
                if (action.chunk() != null) {
                    if (safety.check(action.chunk()).isEmpty()) {
                        if (!searching) {
                            chunks.add(frame, action.chunk());
                        }
                    } else {
                        rejected++;
                    }
                }
                eye.command(EyeActions.apply(gaze, action.eyeAction(), eye.limits().range()));
            }
            JointCommand command;
            boolean hold = false;
            if (searching) {
                command = safety.hold();
                lastUsable = frame;
            } else if (chunks.target(frame, target)) {
                if (!Double.isNaN(settings.gripperThreshold())) {
                    target[joints] = target[joints] >= settings.gripperThreshold() ? 1 : 0;
                }
                command = safety.clamp(target);
                lastUsable = frame;
            } else if (frame - lastUsable >= settings.watchdogFrames() || frame == 0) {
                hold = true;
                stopped++;
                robot.stop();
                command = safety.hold();
            } else {
                command = safety.hold();
            }
            if (!hold) {
                robot.command(command);
            }
            OptionalInt newest = chunks.newestStart();
            listener.onFrame(cell, new FrameRecord(frame, state, command, eye.state().gaze(), cell.truth().orElse(null),
                    policyStep, nanos, newest.isPresent() ? frame - newest.getAsInt() : -1, hold, chunks.newestChunk().orElse(null), seen));
            cell.tick();
        }
        int successFrame = cell.success() ? Math.min(frame, cell.frame()) : -1;
        return new EpisodeResult(cell.task(), seed, agent.name(), cell.success(), successFrame, frame, steps, rejected,
                safety.clampedFrames(), stopped, Arrays.copyOf(latencies, steps));
    }
}
