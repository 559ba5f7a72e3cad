package dev.saccade.runtime.ur;

import dev.saccade.data.Task;
import dev.saccade.robot.rtde.RtdeType;
import dev.saccade.robot.rtde.RtdeValues;
import dev.saccade.robot.ur.ServoScript;
import dev.saccade.robot.ur.UrDriverException;
import dev.saccade.robot.ur.UrRtdeDriver;
import dev.saccade.robot.ur.UrScriptSender;
import dev.saccade.robot.ur.UrState;
import dev.saccade.runtime.bridge.ZmqEye;
import dev.saccade.runtime.eye.Eye;
import dev.saccade.runtime.loop.Cell;
import dev.saccade.runtime.loop.GroundTruth;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.JointLimits;
import dev.saccade.runtime.robot.Robot;
import dev.saccade.runtime.robot.RobotState;
import dev.saccade.runtime.sim.WorldChannel;
import dev.saccade.sphere.EquirectFrame;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A UR5e over RTDE ({@link UrRtdeDriver}) and an eye, as a {@link Cell} the runtime loop drives:
 * {@link #robot()} streams each frame's joint target through the driver (its safety filter and
 * watchdog included) and the gripper command through {@code input_double_register_6};
 * {@link #tick()} waits out one control period on the controller's clock.
 *
 * <p>Against {@code saccade sim-robot} ({@link Settings#simulated()}), the cell also reads the
 * world's status registers ({@link WorldChannel}): its frames pace the loop, its success flag ends
 * the episode, and {@link #beginEpisode} opens the scene of a seed through the URScript port. A
 * dropped connection or any driver fault ends the episode with one {@link UrDriverException}; the
 * driver sends no further target.
 */
public final class UrCell implements Cell, AutoCloseable {
    /**
     * How to reach the controller.
     *
     * @param host controller address (loopback unless asked otherwise)
     * @param rtdePort RTDE port (30004)
     * @param scriptPort URScript port (30002)
     * @param frequency RTDE output rate, Hz (125: what a CB3 allows, enough for a 30 Hz loop)
     * @param simulated whether the controller is Saccade's simulator serving the closed-loop world
     */
    public record Settings(String host, int rtdePort, int scriptPort, double frequency, boolean simulated) {}

    /** The control period: one command per frame, 30 fps. */
    public static final double PERIOD = 1.0 / 30;
    private static final long WAIT_MILLIS = 3000;

    private final Settings settings;
    private final UrRtdeDriver driver;
    private final Eye eye;
    private final Task task;
    private final UrRobot robot = new UrRobot();
    private double startTimestamp;
    private int frame;
    private long lastWorldFrame;
    private long ticks, lateFrames;

    private UrCell(Settings settings, UrRtdeDriver driver, Eye eye, Task task) {
        this.settings = settings;
        this.driver = driver;
        this.eye = eye;
        this.task = task;
    }

    /** The driver's settings for a 30 Hz loop: targets every 1/30 s, at most 0.1 rad a step (the loop's clamp). */
    public static UrRtdeDriver.Settings driverSettings(Settings s) {
        UrRtdeDriver.Extras extras = new UrRtdeDriver.Extras(
                List.of(WorldChannel.GRIPPER_STATE_NAME, WorldChannel.FRAME_NAME, WorldChannel.SUCCESS_NAME,
                        WorldChannel.SEED_NAME, WorldChannel.SCENES_NAME),
                List.of(RtdeType.DOUBLE, RtdeType.INT32, RtdeType.INT32, RtdeType.INT32, RtdeType.INT32),
                List.of(WorldChannel.GRIPPER_COMMAND_NAME), List.of(RtdeType.DOUBLE));
        return UrRtdeDriver.Settings.defaults().withFrequency(s.frequency()).withCommandPeriod(PERIOD).withMaxStep(0.1)
                .withTimeouts(0.5, 1.0).withExtras(extras);
    }

    /**
     * Connects, sets up RTDE, sends the servo program and waits until it runs. Throws
     * {@link UrDriverException} (one line) when the controller refuses or is not there.
     */
    public static UrCell connect(Settings settings, Eye eye, Task task) throws IOException, InterruptedException {
        UrRtdeDriver driver = UrRtdeDriver.connect(settings.host(), settings.rtdePort(), driverSettings(settings));
        try {
            driver.uploadProgram(ServoScript.DEFAULT, settings.scriptPort(), WAIT_MILLIS);
            return new UrCell(settings, driver, eye, task);
        } catch (IOException | InterruptedException | RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    /** The driver (for its status and figures). */
    public UrRtdeDriver driver() {
        return driver;
    }

    /**
     * Starts an episode: halts the arm; against the simulator, opens the scene of {@code seed} and
     * waits until the controller reports it; takes the arm's present position as the last target.
     */
    public void beginEpisode(long seed) throws IOException, InterruptedException {
        driver.halt("new episode");
        if (settings.simulated()) {
            long scenes = outputs().getLong(WorldChannel.SCENES_NAME);
            UrScriptSender.send(settings.host(), settings.scriptPort(), WorldChannel.sceneCommand(seed), 2000);
            long deadline = System.nanoTime() + 20_000_000_000L; // a scene takes a while to build on a loaded machine
            while (outputs().getLong(WorldChannel.SCENES_NAME) == scenes) {
                requireHealthy();
                if (System.nanoTime() > deadline) {
                    throw new UrDriverException("the simulator did not open scene " + seed + " within 20 s");
                }
                driver.awaitState(driver.stateCount(), 100);
            }
            if (outputs().getLong(WorldChannel.SEED_NAME) != seed) {
                throw new UrDriverException("the simulator opened seed " + outputs().getLong(WorldChannel.SEED_NAME) + ", not " + seed);
            }
            lastWorldFrame = outputs().getLong(WorldChannel.FRAME_NAME);
        }
        driver.rearm();
        RtdeValues v = outputs();
        driver.setInput(WorldChannel.GRIPPER_COMMAND_NAME, v.getDouble(WorldChannel.GRIPPER_STATE_NAME));
        startTimestamp = v.getDouble("timestamp");
        frame = 0;
        if (eye instanceof ZmqEye z) {
            z.reset(seed);
        }
    }

    private RtdeValues outputs() {
        requireHealthy();
        return driver.outputs().orElseThrow(() -> new UrDriverException("no state from the controller yet"));
    }

    private void requireHealthy() {
        Optional<String> fault = driver.fault();
        if (fault.isPresent()) {
            throw new UrDriverException(fault.get());
        }
    }

    @Override
    public Robot robot() {
        return robot;
    }

    @Override
    public Eye eye() {
        return eye;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int frame() {
        return frame;
    }

    /**
     * Waits out one control period on the controller's clock: against the simulator, until the
     * world has advanced a frame past the last one seen (at once when the loop is behind); else
     * until the controller's timestamp reaches the next period.
     */
    @Override
    public void tick() {
        if (eye instanceof ZmqEye z) {
            z.advance();
        }
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        try {
            while (true) {
                RtdeValues v = outputs();
                if (settings.simulated()) {
                    long worldFrame = v.getLong(WorldChannel.FRAME_NAME);
                    if (worldFrame > lastWorldFrame) {
                        lateFrames += worldFrame - lastWorldFrame - 1; // world frames that passed while the loop was busy
                        lastWorldFrame = worldFrame;
                        break;
                    }
                } else if (v.getDouble("timestamp") - startTimestamp >= (frame + 1) * PERIOD) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new UrDriverException("the controller's clock did not advance for " + WAIT_MILLIS / 1000 + " s");
                }
                driver.awaitState(driver.stateCount(), 100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrDriverException("interrupted while waiting for the controller");
        }
        frame++;
        ticks++;
    }

    /**
     * Pacing against the simulated world so far: loop frames, and world frames that passed without
     * a loop frame of their own (the loop was late and that frame's target was the previous one).
     */
    public long[] pacing() {
        return new long[] {ticks, lateFrames};
    }

    @Override
    public Optional<EquirectFrame> panorama() {
        return eye instanceof ZmqEye z ? z.panorama(ZmqEye.FIRST_FRAME_MILLIS) : Optional.empty();
    }

    @Override
    public Optional<GroundTruth> truth() {
        return Optional.empty();
    }

    @Override
    public boolean success() {
        return settings.simulated() && outputs().getLong(WorldChannel.SUCCESS_NAME) == 1;
    }

    /** The connection, robot mode and safety mode, for a status line. */
    public String link() {
        Optional<UrState> s = driver.state();
        String mode = s.map(x -> robotMode(x.robotMode()) + " | safety " + safetyMode(x.safetyMode())).orElse("no state");
        return String.format(Locale.ROOT, "rtde %s:%d %s | robot %s", settings.host(), settings.rtdePort(),
                driver.status().name().toLowerCase(Locale.ROOT), mode);
    }

    /** UR's robot mode names. */
    static String robotMode(int m) {
        return switch (m) {
            case -1 -> "NO_CONTROLLER";
            case 0 -> "DISCONNECTED";
            case 1 -> "CONFIRM_SAFETY";
            case 2 -> "BOOTING";
            case 3 -> "POWER_OFF";
            case 4 -> "POWER_ON";
            case 5 -> "IDLE";
            case 6 -> "BACKDRIVE";
            case 7 -> "RUNNING";
            case 8 -> "UPDATING_FIRMWARE";
            default -> "MODE_" + m;
        };
    }

    /** UR's safety mode names. */
    static String safetyMode(int m) {
        return switch (m) {
            case 1 -> "NORMAL";
            case 2 -> "REDUCED";
            case 3 -> "PROTECTIVE_STOP";
            case 4 -> "RECOVERY";
            case 5 -> "SAFEGUARD_STOP";
            case 6 -> "SYSTEM_EMERGENCY_STOP";
            case 7 -> "ROBOT_EMERGENCY_STOP";
            case 8 -> "VIOLATION";
            case 9 -> "FAULT";
            default -> "MODE_" + m;
        };
    }

    /** Halts the arm and closes the connection (the eye is the caller's). */
    @Override
    public void close() {
        driver.close();
    }

    /** The arm of the cell: targets through the driver's filter, the gripper through its register. */
    private final class UrRobot implements Robot {
        private final JointLimits limits = JointLimits.ur5e();

        @Override
        public JointLimits limits() {
            return limits;
        }

        @Override
        public double period() {
            return PERIOD;
        }

        @Override
        public RobotState state() {
            RtdeValues v = outputs();
            double gripper = v.getDouble(WorldChannel.GRIPPER_STATE_NAME);
            return new RobotState(v.getDouble("timestamp") - startTimestamp, v.getVector("actual_q"), v.getVector("actual_qd"),
                    Double.isFinite(gripper) ? gripper : 0);
        }

        @Override
        public void command(JointCommand c) {
            double[] joints = c.joints();
            if (joints.length != 6 || !limits.contains(joints)) {
                throw new IllegalArgumentException("joint target outside the UR5e's limits");
            }
            if (!(c.gripper() >= 0 && c.gripper() <= 1)) {
                throw new IllegalArgumentException("gripper command outside [0, 1]: " + c.gripper());
            }
            requireHealthy();
            if (driver.status() == UrRtdeDriver.Status.HALTED) {
                driver.rearm(); // after a stop (the loop's or the driver's watchdog) targets start from where the arm is
            }
            driver.setInput(WorldChannel.GRIPPER_COMMAND_NAME, c.gripper());
            driver.servo(joints);
            if (eye instanceof ZmqEye z) {
                z.publishCommand(state().time(), c);
            }
        }

        @Override
        public void stop() {
            driver.halt("stopped by the runtime loop");
        }

        @Override
        public void close() {
            driver.halt("closed");
        }
    }
}
