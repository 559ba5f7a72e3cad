package dev.saccade.runtime.sim;

import dev.saccade.data.Task;
import dev.saccade.data.synth.LiveScene;
import dev.saccade.robot.sim.ArmCommand;
import dev.saccade.robot.sim.ArmState;
import dev.saccade.robot.sim.ControllerBackend;
import dev.saccade.robot.sim.RegisterAccess;
import dev.saccade.robot.ur.JointLimits;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.RobotState;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The closed-loop world ({@link SimWorld}) as a simulated UR controller's arm: the servo program's
 * targets drive the world's UR5e, the gripper follows {@link WorldChannel#GRIPPER_COMMAND}, and the
 * world advances one frame (1/30 s) whenever the controller's clock has run one frame on, so grasp,
 * release and success happen exactly as in process. Outputs: the gripper's state, the world's
 * frame, success and seed ({@link WorldChannel}). The URScript command
 * {@code saccade_sim_scene(SEED)} opens the task's scene of that seed (a new episode).
 *
 * <p>The world's arm dynamics are the servo model: the last target the program set before a frame
 * boundary is that frame's target (lookahead and gain are not modelled). A stop holds the arm
 * where it is, as {@link SimWorld}'s robot does. Thread-safe: the controller's cycle and the script
 * port's thread meet on this object's monitor.
 */
public final class WorldBackend implements ControllerBackend {
    private final Task task;
    private final SimSettings settings;
    private final double period = 1.0 / SimWorld.FPS;
    private SimWorld world;
    private double sinceTick;
    private double gripperCommand;
    private double[] target;
    private int scenes;

    /** The world of {@code task}'s scene for {@code seed}. */
    public WorldBackend(Task task, long seed, SimSettings settings) {
        this.task = task;
        this.settings = settings;
        open(SimWorld.open(task, seed, settings, PyramidSpec.defaults()));
    }

    private void open(SimWorld next) {
        world = next;
        RobotState s = world.robot().state();
        target = s.joints();
        gripperCommand = s.gripper();
        sinceTick = 0;
    }

    public Task task() {
        return task;
    }

    /** The world now (for tests and status: a read while the controller steps it may see a frame in the making). */
    public synchronized SimWorld world() {
        return world;
    }

    /** What the 360° camera needs to render the present instant: the scene, its live state and frame. */
    public record View(LiveScene scene, LiveScene.State state, long seed, int frame) {}

    /** The present instant, for rendering outside the control cycle. */
    public synchronized View view() {
        return new View(world.scene(), world.liveState(), world.seed(), world.frame());
    }

    @Override
    public JointLimits limits() {
        return JointLimits.UR5E;
    }

    @Override
    public synchronized void step(double dt, ArmCommand command) {
        if (command instanceof ArmCommand.Servo servo) {
            double[] t = limits().clamp(servo.target()); // the program refuses targets outside them already
            target = t;
            world.robot().command(new JointCommand(t, gripperCommand));
        } else {
            world.robot().stop();
            target = world.robot().state().joints();
        }
        sinceTick += dt;
        if (sinceTick >= period - 1e-9) {
            sinceTick -= period;
            world.tick();
        }
    }

    @Override
    public synchronized ArmState state() {
        RobotState s = world.robot().state();
        return new ArmState(s.joints(), s.velocities(), target);
    }

    @Override
    public synchronized void exchange(RegisterAccess r) {
        double g = r.inputDouble(WorldChannel.GRIPPER_COMMAND);
        if (g >= 0 && g <= 1) { // anything else (NaN included) is ignored: the gripper keeps its command
            gripperCommand = g;
        }
        r.setOutputDouble(WorldChannel.GRIPPER_STATE, world.robot().state().gripper());
        r.setOutputInt(WorldChannel.FRAME, world.frame());
        r.setOutputInt(WorldChannel.SUCCESS, world.success() ? 1 : 0);
        r.setOutputInt(WorldChannel.SEED, (int) world.seed());
        r.setOutputInt(WorldChannel.SCENES, scenes);
    }

    @Override
    public Optional<String> script(String text) {
        OptionalLong seed = WorldChannel.parseScene(text);
        if (seed.isEmpty()) {
            return Optional.empty();
        }
        SimWorld next = SimWorld.open(task, seed.getAsLong(), settings, PyramidSpec.defaults()); // slow: outside the monitor
        synchronized (this) {
            world.close();
            open(next);
            scenes++;
        }
        return Optional.of("scene " + task.id() + " seed " + seed.getAsLong() + " open");
    }
}
