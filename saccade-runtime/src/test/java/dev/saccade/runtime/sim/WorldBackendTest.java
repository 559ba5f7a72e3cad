package dev.saccade.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.robot.sim.ArmCommand;
import dev.saccade.robot.sim.RegisterAccess;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The world as a controller's arm: servo targets and the gripper register, stepped at the
 * controller's 500 Hz, move the world exactly as commands do in process, grasp, release and
 * success included.
 */
class WorldBackendTest {
    private static final SimSettings SIM = SimSettings.defaults().withWidth(64);

    /** The registers a backend sees, as plain arrays. */
    private static final class Registers implements RegisterAccess {
        final double[] inDouble = new double[48], outDouble = new double[48];
        final int[] inInt = new int[48], outInt = new int[48];
        @Override public double inputDouble(int i) { return inDouble[i]; }
        @Override public int inputInt(int i) { return inInt[i]; }
        @Override public void setOutputDouble(int i, double v) { outDouble[i] = v; }
        @Override public void setOutputInt(int i, int v) { outInt[i] = v; }
    }

    @Test
    void theDemonstrationReplayedThroughTheControllerMatchesTheWorldInProcessFrameByFrame() {
        Task task = Task.TOWEL_BUCKET;
        SimWorld local = SimWorld.open(task, 1000, SIM, PyramidSpec.defaults(8));
        float[][] plan = local.scene().demonstration().action();
        WorldBackend backend = new WorldBackend(task, 1000, SIM);
        Registers r = new Registers();
        backend.exchange(r);
        boolean everHeld = false;
        for (int f = 0; f < 400 && !local.success(); f++) {
            float[] a = plan[Math.min(plan.length - 1, f)];
            double[] joints = new double[6];
            for (int j = 0; j < 6; j++) {
                joints[j] = a[j];
            }
            double gripper = Math.max(0, Math.min(1, a[6]));
            local.robot().command(new JointCommand(joints, gripper));
            local.tick();
            everHeld |= local.holding();
            // The controller: a servo target and the gripper register every 2 ms until the world has run a frame on.
            r.inDouble[WorldChannel.GRIPPER_COMMAND] = gripper;
            backend.exchange(r);
            int before = r.outInt[WorldChannel.FRAME];
            for (int cycle = 0; r.outInt[WorldChannel.FRAME] == before; cycle++) {
                assertTrue(cycle < 20, "a frame takes 16 or 17 control cycles");
                backend.step(0.002, new ArmCommand.Servo(joints, 0.1, 300));
                backend.exchange(r);
            }
            assertArrayEquals(local.robot().state().joints(), backend.state().q(), "frame " + (f + 1));
            assertEquals(local.robot().state().gripper(), r.outDouble[WorldChannel.GRIPPER_STATE], "gripper, frame " + (f + 1));
            assertEquals(local.success() ? 1 : 0, r.outInt[WorldChannel.SUCCESS], "success, frame " + (f + 1));
        }
        assertTrue(everHeld, "the towel was grasped");
        assertTrue(local.success(), "the replayed demonstration places the towel");
        assertEquals(1000, r.outInt[WorldChannel.SEED]);
    }

    @Test
    void aSceneCommandOpensThatSceneAndOthersAreNotTaken() {
        WorldBackend backend = new WorldBackend(Task.ESTOP_PRESS, 1000, SIM);
        Registers r = new Registers();
        assertTrue(backend.script("stopj(2)").isEmpty());
        assertTrue(backend.script("saccade_sim_scene(-1)").isEmpty());
        assertEquals("scene estop-press seed 1007 open", backend.script(WorldChannel.sceneCommand(1007)).orElseThrow());
        backend.exchange(r);
        assertEquals(1007, r.outInt[WorldChannel.SEED]);
        assertEquals(1, r.outInt[WorldChannel.SCENES]);
        assertEquals(0, r.outInt[WorldChannel.FRAME]);
        double[] start = SimWorld.open(Task.ESTOP_PRESS, 1007, SIM, PyramidSpec.defaults(8)).robot().state().joints();
        assertTrue(Arrays.equals(start, backend.state().q()), "the arm stands where the scene starts");
    }

    @Test
    void aGripperRegisterOutsideZeroToOneOrNaNIsIgnored() {
        WorldBackend backend = new WorldBackend(Task.TOWEL_BUCKET, 1000, SIM);
        Registers r = new Registers();
        backend.exchange(r);
        double start = r.outDouble[WorldChannel.GRIPPER_STATE];
        double[] q = backend.state().q();
        for (double bad : new double[] {Double.NaN, -0.5, 7, Double.POSITIVE_INFINITY}) {
            r.inDouble[WorldChannel.GRIPPER_COMMAND] = bad;
            for (int i = 0; i < 40; i++) {
                backend.exchange(r);
                backend.step(0.002, new ArmCommand.Servo(q, 0.1, 300));
            }
            backend.exchange(r);
            assertEquals(start, r.outDouble[WorldChannel.GRIPPER_STATE], "gripper under " + bad);
        }
    }
}
