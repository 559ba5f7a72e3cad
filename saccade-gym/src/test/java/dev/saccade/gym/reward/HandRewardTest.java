package dev.saccade.gym.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.robot.Ur5e;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class HandRewardTest {
    private static final float[] POSE = {0.3f, -1.2f, 1.6f, -1.97f, -1.57f, 0.2f, 0f};

    /** A chunk of {@code rows} copies of {@code pose}. */
    private static float[] hold(float[] pose, int rows) {
        float[] out = new float[rows * 7];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(pose, 0, out, 7 * k, 7);
        }
        return out;
    }

    private static HandTarget target(float[] chunk) {
        boolean[] valid = new boolean[chunk.length / 7];
        java.util.Arrays.fill(valid, true);
        return new HandTarget(chunk, valid, java.util.Arrays.copyOf(chunk, 7));
    }

    private static double[] tool0(float[] pose) {
        double[] p = new double[3];
        Ur5e.tool0Position(pose, 0, p);
        return p;
    }

    @Test
    void theDemonstratedChunkScoresZero() {
        float[] chunk = ramp(30);
        HandTarget t = target(chunk);
        assertEquals(0.0, HandReward.CHAMFER.score(t, chunk.clone()), 0.0);
        assertEquals(0.0, HandReward.JOINT_L2.score(t, chunk.clone()), 0.0);
    }

    @Property(tries = 100)
    void panningTheWholeChunkCostsTheChordOfTheRotation(@ForAll @DoubleRange(min = -1.5, max = 1.5) double pan) {
        // Rotating the base by θ moves tool0 on a circle about z: a chord of 2ρ·sin(|θ|/2).
        float[] moved = POSE.clone();
        moved[0] += (float) pan;
        double[] p = tool0(POSE);
        double rho = Math.hypot(p[0], p[1]);
        double chord = 2 * rho * Math.sin(Math.abs((moved[0] - POSE[0])) / 2);
        double reward = HandReward.CHAMFER.score(target(hold(POSE, 30)), hold(moved, 30));
        assertEquals(-chord, reward, 1e-6);
    }

    @Test
    void chamferIsOneSidedFromTheDemonstrationToThePrediction() {
        float[] far = POSE.clone();
        far[1] += 0.5f;
        // The prediction visits the demonstrated point and a far one: every demonstrated point has a
        // predicted point on it, so the one-sided distance is 0 even though half the prediction is off.
        float[] predicted = hold(POSE, 30);
        for (int k = 1; k < 30; k += 2) {
            System.arraycopy(far, 0, predicted, 7 * k, 7);
        }
        assertEquals(0.0, HandReward.CHAMFER.score(target(hold(POSE, 30)), predicted), 1e-12);
        // The other way round it is not zero.
        assertTrue(HandReward.CHAMFER.score(target(predicted), hold(POSE, 30)) < -0.05);
    }

    @Test
    void chamferOfATwoPointCaseWorkedByHand() {
        float[] a = POSE.clone();
        float[] b = POSE.clone();
        b[0] += 0.4f;
        float[] demo = new float[14];
        System.arraycopy(a, 0, demo, 0, 7);
        System.arraycopy(b, 0, demo, 7, 7);
        float[] predicted = hold(a, 2);
        double[] pa = tool0(a);
        double[] pb = tool0(b);
        double d = Math.sqrt(Math.pow(pa[0] - pb[0], 2) + Math.pow(pa[1] - pb[1], 2) + Math.pow(pa[2] - pb[2], 2));
        // demo point a matches exactly (0), demo point b is d away from the nearest predicted point: mean d/2.
        assertEquals(-d / 2, HandReward.CHAMFER.score(target(demo), predicted), 1e-12);
    }

    @Test
    void rowsPastTheDemonstrationEndAreIgnoredOnBothSides() {
        float[] action = ramp(12); // a demonstration of 12 frames
        float[] state = action.clone();
        HandTarget t = HandTarget.at(action, state, 5, 30); // 7 valid rows
        assertEquals(7, t.validRows());
        assertTrue(t.valid()[6] && !t.valid()[7]);
        assertArrayEquals(java.util.Arrays.copyOfRange(action, 77, 84), java.util.Arrays.copyOfRange(t.chunk(), 7 * 29, 7 * 30),
                "padding repeats the last row");
        float[] predicted = t.chunk().clone();
        for (int i = 7 * 7; i < predicted.length; i++) {
            predicted[i] = 50f; // garbage where the demonstration has nothing
        }
        assertEquals(0.0, HandReward.CHAMFER.score(t, predicted), 0.0);
        assertEquals(0.0, HandReward.JOINT_L2.score(t, predicted), 0.0);
    }

    @Test
    void jointErrorWorkedByHand() {
        float[] demo = hold(POSE, 2);
        float[] predicted = demo.clone();
        predicted[0] += 0.3f;  // row 0: Δq = (0.3, 0, …, 0): ‖Δq‖ = 0.3
        predicted[7 + 1] += 0.4f;
        predicted[7 + 6] += 0.3f;  // row 1: Δq = (0, 0.4, 0, 0, 0, 0, 0.3): ‖Δq‖ = 0.5, |Δgripper| = 0.3
        double expected = (0.3 + 0.5) / 2 + 0.2 * (0.3 / 2);
        assertEquals(-expected, HandReward.JOINT_L2.score(target(demo), predicted), 1e-6);
    }

    @Test
    void batchScoringEqualsOneByOne() {
        HandTarget a = target(ramp(30));
        HandTarget b = HandTarget.at(ramp(40), ramp(40), 25, 30);
        float[] pa = hold(POSE, 30);
        float[] pb = ramp(30);
        float[] both = new float[420];
        System.arraycopy(pa, 0, both, 0, 210);
        System.arraycopy(pb, 0, both, 210, 210);
        double[] batch = HandReward.CHAMFER.score(List.of(a, b), both);
        assertEquals(HandReward.CHAMFER.score(a, pa), batch[0], 0.0);
        assertEquals(HandReward.CHAMFER.score(b, pb), batch[1], 0.0);
        assertThrows(IllegalArgumentException.class, () -> HandReward.CHAMFER.score(List.of(a, b), pa));
    }

    @Test
    void malformedPredictionsAreRefused() {
        HandTarget t = target(ramp(30));
        assertThrows(IllegalArgumentException.class, () -> HandReward.CHAMFER.score(t, new float[7]));
        float[] nan = ramp(30);
        nan[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> HandReward.CHAMFER.score(t, nan));
    }

    @Test
    void theBlindHandHoldsTheCurrentPose() {
        float[] action = ramp(30);
        HandTarget t = HandTarget.at(action, action, 0, 30);
        dev.saccade.gym.eye.EyeObservation obs = new dev.saccade.gym.eye.EyeObservation(
                new float[0], new dev.saccade.sphere.Gaze(0, 0), t.proprio(), 0);
        float[] blind = HandPredictor.blind().predict(obs, t);
        assertArrayEquals(hold(t.proprio(), 30), blind);
        assertTrue(HandReward.CHAMFER.score(t, blind) < 0, "the arm moves, so holding still is wrong");
        assertEquals(0.0, HandReward.CHAMFER.score(t, HandPredictor.oracle().predict(obs, t)));
    }

    /** A moving arm: the pan sweeps 0.02 rad per frame, the elbow bends a little. */
    private static float[] ramp(int rows) {
        float[] out = new float[rows * 7];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(POSE, 0, out, 7 * k, 7);
            out[7 * k] += 0.02f * k;
            out[7 * k + 2] += 0.005f * k;
        }
        return out;
    }
}
