package dev.saccade.gym.eye;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.Gaze;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EyeActionsTest {
    private static final double DEG = Math.toRadians(1);

    @Test
    void thereAre25ActionsAndZeroStays() {
        assertEquals(25, EyeActions.COUNT);
        assertEquals(0.0, EyeActions.deltaYaw(0));
        assertEquals(0.0, EyeActions.deltaPitch(0));
        assertEquals(0.0, EyeActions.stepDegrees(0));
    }

    @Test
    void layoutIsStayThenTenThenThreeThenOneDegreeSteps() {
        for (int a = 1; a <= 8; a++) {
            assertEquals(10.0, EyeActions.stepDegrees(a));
        }
        for (int a = 9; a <= 16; a++) {
            assertEquals(3.0, EyeActions.stepDegrees(a));
        }
        for (int a = 17; a <= 24; a++) {
            assertEquals(1.0, EyeActions.stepDegrees(a));
        }
        assertEquals(1, EyeActions.of(0, 0));
        assertEquals(24, EyeActions.of(2, 7));
    }

    @Test
    void everyActionMovesExactlySCosTAndSSinT() {
        Set<String> distinct = new HashSet<>();
        for (int a = 1; a < 25; a++) {
            double s = Math.toRadians(EyeActions.stepDegrees(a));
            double t = Math.toRadians(45.0 * EyeActions.direction(a));
            assertEquals(s * Math.cos(t), EyeActions.deltaYaw(a), 1e-15, "Δyaw of action " + a);
            assertEquals(s * Math.sin(t), EyeActions.deltaPitch(a), 1e-15, "Δpitch of action " + a);
            assertEquals(s, Math.hypot(EyeActions.deltaYaw(a), EyeActions.deltaPitch(a)), 1e-15, "length of action " + a);
            distinct.add(EyeActions.deltaYaw(a) + "," + EyeActions.deltaPitch(a));
        }
        assertEquals(24, distinct.size(), "all moves differ");
    }

    @Test
    void axisStepsAreExactlyOnOneAxis() {
        assertEquals(10 * DEG, EyeActions.deltaYaw(EyeActions.of(0, 0)));      // right
        assertEquals(0.0, EyeActions.deltaPitch(EyeActions.of(0, 0)));
        assertEquals(0.0, EyeActions.deltaYaw(EyeActions.of(1, 2)));           // up 3°
        assertEquals(3 * DEG, EyeActions.deltaPitch(EyeActions.of(1, 2)));
        assertEquals(-1 * DEG, EyeActions.deltaYaw(EyeActions.of(2, 4)));      // left 1°
        assertEquals(-10 * DEG, EyeActions.deltaPitch(EyeActions.of(0, 6)));   // down 10°
    }

    @Property(tries = 500)
    void applyingAnActionAddsItsDeltaThenClampsToTheLimits(
            @ForAll @DoubleRange(min = -130, max = 130) double yawDeg,
            @ForAll @DoubleRange(min = -90, max = 90) double pitchDeg,
            @ForAll @IntRange(min = 0, max = 24) int action) {
        GazeLimits limits = GazeLimits.DEFAULT;
        Gaze g = Gaze.ofDegrees(yawDeg, pitchDeg);
        Gaze next = EyeActions.apply(g, action, limits);
        assertTrue(limits.contains(next), "stays within limits: " + next);
        double yaw = Math.max(limits.yawMin(), Math.min(limits.yawMax(), g.yaw() + EyeActions.deltaYaw(action)));
        double pitch = Math.max(limits.pitchMin(), Math.min(limits.pitchMax(), g.pitch() + EyeActions.deltaPitch(action)));
        assertEquals(yaw, next.yaw(), 0.0);
        assertEquals(pitch, next.pitch(), 0.0);
    }

    @Test
    void theEyeStopsAtTheEdgesOfTheArcAndAtThePoles() {
        GazeLimits limits = GazeLimits.DEFAULT;
        Gaze g = Gaze.ofDegrees(125, 85);
        Gaze upRight = EyeActions.apply(g, EyeActions.of(0, 1), limits); // 10° diagonal: +7.07° each
        assertEquals(Math.toRadians(130), upRight.yaw(), 1e-15);
        assertEquals(Math.toRadians(90), upRight.pitch(), 1e-15);
        Gaze left = EyeActions.apply(Gaze.ofDegrees(-128, -89.5), EyeActions.of(0, 4), limits);
        assertEquals(Math.toRadians(-130), left.yaw(), 1e-15);
        assertEquals(Math.toRadians(-89.5), left.pitch(), 1e-15);
    }

    @Test
    void invalidActionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EyeActions.deltaYaw(25));
        assertThrows(IllegalArgumentException.class, () -> EyeActions.deltaPitch(-1));
        assertThrows(IllegalArgumentException.class, () -> EyeActions.of(3, 0));
    }

    @Test
    void defaultLimitsAreThe260DegreeArcAndFullPitch() {
        GazeLimits l = GazeLimits.DEFAULT;
        assertEquals(260, Math.toDegrees(l.yawMax() - l.yawMin()), 1e-9);
        assertEquals(0, l.yawMax() + l.yawMin(), 1e-12, "centred on the workspace");
        assertEquals(-90, Math.toDegrees(l.pitchMin()), 1e-9);
        assertEquals(90, Math.toDegrees(l.pitchMax()), 1e-9);
    }

    @Property(tries = 200)
    void resetGazesFollowTheDocumentedDistribution(@ForAll long seed) {
        Gaze g = GazeReset.DEFAULT.draw(new java.util.SplittableRandom(seed), GazeLimits.DEFAULT);
        assertTrue(Math.abs(Math.toDegrees(g.yaw())) <= 90 + 1e-9);
        assertTrue(Math.toDegrees(g.pitch()) >= -35 - 1e-9 && Math.toDegrees(g.pitch()) <= -5 + 1e-9);
    }
}
