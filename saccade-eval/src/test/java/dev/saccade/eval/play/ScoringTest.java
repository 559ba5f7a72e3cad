package dev.saccade.eval.play;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saccade.data.Task;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.learn.policy.ActionStats;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScoringTest {
    private static final float[] POSE = {0.3f, -1.2f, 1.4f, -1.8f, -1.57f, 0.2f, 0f};

    /** A demonstrated chunk of 30 frames that holds POSE, then turns the base by {@code turn} in the last row. */
    private static HandTarget target(double turn, int valid) {
        float[] chunk = new float[30 * 7];
        boolean[] ok = new boolean[30];
        for (int k = 0; k < 30; k++) {
            System.arraycopy(POSE, 0, chunk, 7 * k, 7);
            ok[k] = k < valid;
        }
        chunk[7 * (valid - 1)] += (float) turn;
        return new HandTarget(chunk, ok, POSE.clone());
    }

    /** Horizontal distance of tool0 from the base's vertical axis at POSE. */
    private static double reach() {
        double[] p = new double[3];
        Ur5e.tool0Position(POSE, 0, p);
        return Math.hypot(p[0], p[1]);
    }

    @Test
    void endpointErrorIsTheChordOfTheBaseTurn() {
        double turn = 0.5;
        HandTarget t = target(turn, 30);
        float[] hold = Scoring.holdChunk(t);
        assertEquals(2 * reach() * Math.sin(turn / 2), Scoring.endpointM(t, hold), 1e-5);
        assertEquals(0, Scoring.endpointM(t, t.chunk()), 1e-12);
    }

    @Test
    void endpointUsesTheLastValidRow() {
        HandTarget t = target(0.5, 12); // rows 12..29 are past the demonstration's end
        float[] hold = Scoring.holdChunk(t);
        assertEquals(2 * reach() * Math.sin(0.25), Scoring.endpointM(t, hold), 1e-5);
    }

    @Test
    void chamferOfHoldingIsTheMeanDistanceOfTheDemonstratedPoints() {
        // only the last of 30 points is away from the held pose: Chamfer = chord / 30
        HandTarget t = target(0.5, 30);
        assertEquals(2 * reach() * Math.sin(0.25) / 30, Scoring.chamferM(t, Scoring.holdChunk(t)), 1e-5);
    }

    @Test
    void bcL1IsTheTrainingLossOfOneChunk() {
        // mean 0, std 2 per joint: the demonstrated relative chunk is 0 except 0.5/2 = 0.25 on joint 0 of the last row;
        // a prediction of 0.1 everywhere is off by 0.1 on 209 values and by 0.15 on one: mean (209·0.1 + 0.15)/210
        double[] zero = new double[7];
        double[] two = new double[7];
        Arrays.fill(two, 2);
        double[] lo = new double[7];
        double[] hi = new double[7];
        Arrays.fill(lo, -4);
        Arrays.fill(hi, 4);
        ActionStats stats = new ActionStats(zero, two, lo, hi);
        float[] predicted = new float[210];
        Arrays.fill(predicted, 0.1f);
        assertEquals((209 * 0.1 + 0.15) / 210, Scoring.bcL1(target(0.5, 30), predicted, stats), 1e-6);
    }

    @Test
    void armSpeedOfAConstantBaseTurn() {
        // the base turns at 0.3 rad/s at 30 fps: tool0 moves at 0.3 · reach m/s
        int frames = 60;
        float[] state = new float[frames * 7];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(POSE, 0, state, 7 * f, 7);
            state[7 * f] += (float) (0.3 * f / 30.0);
        }
        Demonstration d = new Demonstration(0, Task.TOWEL_BUCKET, 30, frames, state, state.clone(), Optional.empty());
        double chordPerSecond = 2 * reach() * Math.sin(0.3 * 2 / 30.0 / 2) * 15;
        assertEquals(chordPerSecond, Scoring.armSpeed(d, 10, 2), 1e-4);
        assertEquals(chordPerSecond, Scoring.armSpeed(d, frames - 1, 2), 1e-4, "the last frame looks back");
    }
}
