package dev.saccade.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.runtime.robot.JointLimits;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gripper value on its way from a chunk to the robot: overshoot is clamped, nonsense rejected, the threshold binarises. */
class GripperCommandTest {
    /** A chunk of {@code rows} rows holding the arm at {@code q} with gripper value {@code g}. */
    private static float[] hold(double[] q, float g, int rows) {
        float[] c = new float[rows * 7];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 6; j++) {
                c[r * 7 + j] = (float) q[j];
            }
            c[r * 7 + 6] = g;
        }
        return c;
    }

    @Test
    void aConfidentOvershootIsClampedButAValueNoCommandMeansIsRejected() {
        SafetyFilter f = new SafetyFilter(JointLimits.ur5e(), 1 / 30.0, 0.1);
        double[] q = {0, -1.5, 1.8, -1.8, -1.57, -1.3};
        f.reset(q, 0);
        // A trained hand asks for 1.2 … 1.8 once its gripper has closed: a closed command, not a fault.
        assertTrue(f.check(hold(q, 1.8f, 3)).isEmpty());
        assertTrue(f.check(hold(q, -0.6f, 3)).isEmpty());
        double[] target = {0, -1.5, 1.8, -1.8, -1.57, -1.3, 1.8};
        assertEquals(1.0, f.clamp(target).gripper());
        assertTrue(f.check(hold(q, 2.5f, 3)).isPresent());
        assertTrue(f.check(hold(q, -1.5f, 3)).isPresent());
        assertTrue(f.check(hold(q, Float.NaN, 3)).isPresent());
    }

    @Test
    void aLookingAgentsArmHoldsThroughTheSearchAndThenFollowsItsChunks() throws Exception {
        SimWorld w = SimWorld.open(Task.TOWEL_BUCKET, 1000, SimSettings.defaults().withWidth(64), PyramidSpec.defaults(16));
        double[] q0 = w.robot().state().joints();
        double[] away = q0.clone();
        away[0] += 0.5;
        List<Integer> steps = new ArrayList<>();
        Agent agent = new Agent() {
            @Override
            public String name() {
                return "looking";
            }

            @Override
            public Optional<PyramidSpec> pyramid() {
                return Optional.of(PyramidSpec.defaults(16));
            }

            @Override
            public void reset(Task task, long seed) {}

            @Override
            public AgentAction act(Percept p) {
                steps.add(p.frame());
                return new AgentAction(dev.saccade.gym.eye.EyeActions.STAY, hold(away, 0, 30));
            }
        };
        List<double[]> joints = new ArrayList<>();
        EpisodeResult r = new RuntimeLoop(LoopSettings.defaults().withMaxFrames(40).withSearchSteps(5))
                .run(w, agent, 1000, (cell, f) -> joints.add(f.state().joints()));
        assertEquals(20, r.policySteps(), "the policy acts through the search");
        assertEquals(0, r.stoppedFrames(), "holding for the search is not a watchdog stop");
        assertEquals(q0[0], joints.get(10)[0], 0, "the arm holds for 5 steps (10 frames)");
        assertTrue(joints.get(39)[0] > q0[0] + 0.1, "then it follows the chunks");
    }

    @Test
    void theThresholdSendsTheGripperOpenOrClosed() throws Exception {
        for (double threshold : new double[] {Double.NaN, 0.5}) {
            SimWorld w = SimWorld.open(Task.TOWEL_BUCKET, 1000, SimSettings.defaults().withWidth(64), PyramidSpec.defaults(16));
            double[] q = w.robot().state().joints();
            float[] values = {0.3f, 0.7f};
            Agent agent = new Agent() {
                @Override
                public String name() {
                    return "gripper";
                }

                @Override
                public Optional<PyramidSpec> pyramid() {
                    return Optional.empty();
                }

                @Override
                public void reset(Task task, long seed) {}

                @Override
                public AgentAction act(Percept p) {
                    return new AgentAction(dev.saccade.gym.eye.EyeActions.STAY, hold(q, values[p.frame() < 10 ? 0 : 1], 30));
                }
            };
            List<Double> sent = new ArrayList<>();
            LoopSettings s = LoopSettings.defaults().withAggregation(Aggregation.LATEST).withMaxFrames(20).withGripperThreshold(threshold);
            new RuntimeLoop(s).run(w, agent, 1000, (cell, r) -> sent.add(r.command().gripper()));
            if (Double.isNaN(threshold)) {
                assertEquals(0.3, sent.get(5), 1e-6, "as predicted");
                assertEquals(0.7, sent.get(15), 1e-6);
            } else {
                assertEquals(0.0, sent.get(5), "below the threshold: open");
                assertEquals(1.0, sent.get(15), "at or above: closed");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LoopSettings.defaults().withGripperThreshold(1.0));
        assertThrows(IllegalArgumentException.class, () -> LoopSettings.defaults().withSearchSteps(-1));
        assertFalse(Double.isFinite(LoopSettings.defaults().gripperThreshold()), "off by default");
    }
}
