package dev.saccade.data.robot;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.sphere.Rotation;
import dev.saccade.sphere.Vec3;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class Ur5eIkTest {
    /** Position error (m) and rotation error (rad) between two poses. */
    private static double[] error(Pose a, Pose b) {
        double dp = a.translation().minus(b.translation()).norm();
        Rotation d = a.rotation().transpose().times(b.rotation());
        double trace = d.m00() + d.m11() + d.m22();
        double angle = Math.acos(Math.max(-1, Math.min(1, (trace - 1) / 2)));
        return new double[] {dp, angle};
    }

    @Property(tries = 500)
    void everySolutionReachesAPoseTheArmCanTake(
            @ForAll @DoubleRange(min = -3.1, max = 3.1) double q1, @ForAll @DoubleRange(min = -3.1, max = 0) double q2,
            @ForAll @DoubleRange(min = -2.8, max = 2.8) double q3, @ForAll @DoubleRange(min = -3.1, max = 3.1) double q4,
            @ForAll @DoubleRange(min = -3.0, max = 3.0) double q5, @ForAll @DoubleRange(min = -3.1, max = 3.1) double q6) {
        double[] q = {q1, q2, q3, q4, q5, q6};
        Pose target = Ur5e.tool0(q);
        List<double[]> solutions = Ur5eIk.solveAll(target);
        boolean wristSingular = Math.abs(Math.sin(q5)) < 1e-3;
        if (!wristSingular) {
            assertFalse(solutions.isEmpty(), "a pose the arm reached must have a solution");
        }
        for (double[] s : solutions) {
            double[] e = error(Ur5e.tool0(s), target);
            assertTrue(e[0] < 1e-3, "position error " + e[0] + " m");
            assertTrue(e[1] < 1e-3, "rotation error " + e[1] + " rad");
        }
    }

    @Property(tries = 300)
    void topDownGraspsOverTheWorkspaceAreReachedWithinAMillimetre(
            @ForAll @DoubleRange(min = -2.1, max = 2.1) double angle, @ForAll @DoubleRange(min = 0.3, max = 0.75) double radius,
            @ForAll @DoubleRange(min = 0.15, max = 0.55) double height, @ForAll @DoubleRange(min = -3.1, max = 3.1) double yaw) {
        Vec3 p = new Vec3(radius * Math.cos(angle), radius * Math.sin(angle), height);
        Pose target = Ur5eIk.topDown(p, yaw);
        double[] home = {angle, -Math.PI / 2, Math.PI / 2, -Math.PI / 2, -Math.PI / 2, 0};
        double[] q = Ur5eIk.solveNear(target, home).orElseThrow();
        double[] e = error(Ur5e.tool0(q), target);
        assertTrue(e[0] < 1e-3, "position error " + e[0]);
        assertTrue(e[1] < 1e-3, "rotation error " + e[1]);
    }

    @Test
    void theNearestSolutionIsTheConfigurationThatMadeThePose() {
        double[] q = {0.4, -1.2, 1.5, -1.9, -1.57, 0.3};
        double[] solved = Ur5eIk.solveNear(Ur5e.tool0(q), new double[] {0.5, -1.1, 1.4, -2.0, -1.5, 0.2}).orElseThrow();
        assertArrayEquals(q, solved, 1e-9);
    }

    @Test
    void aGenericPoseHasEightSolutions() {
        assertEquals(8, Ur5eIk.solveAll(Ur5e.tool0(new double[] {0.4, -1.2, 1.5, -1.9, -1.2, 0.3})).size());
    }

    @Test
    void posesOutOfReachHaveNoSolution() {
        assertTrue(Ur5eIk.solveAll(Ur5eIk.topDown(new Vec3(1.5, 0, 0.2), 0)).isEmpty());
        assertTrue(Ur5eIk.solveAll(Ur5eIk.topDown(new Vec3(0.01, 0.02, 0.4), 0)).isEmpty(), "inside the shoulder offset");
    }

    @Test
    void nearestTurnKeepsWithinTwoTurns() {
        assertEquals(-0.1 + 2 * Math.PI, Ur5eIk.nearestTurn(-0.1, 5.5), 1e-12);
        assertEquals(0.1, Ur5eIk.nearestTurn(0.1, 6.0), 1e-12, "0.1 + 2π would pass the joint limit");
        assertEquals(-3.0, Ur5eIk.nearestTurn(-3.0, -2.5), 1e-12);
        assertTrue(Math.abs(Ur5eIk.nearestTurn(3.0, 20)) <= 2 * Math.PI);
    }

    @Test
    void minimumJerkStartsAndEndsAtRest() {
        assertEquals(0, MinimumJerk.position(0), 0);
        assertEquals(1, MinimumJerk.position(1), 0);
        assertEquals(0.5, MinimumJerk.position(0.5), 1e-12);
        assertEquals(0, MinimumJerk.velocity(0), 0);
        assertEquals(MinimumJerk.PEAK_SPEED, MinimumJerk.velocity(0.5), 1e-12);
        double h = 1e-6;
        assertEquals((MinimumJerk.position(0.3 + h) - MinimumJerk.position(0.3 - h)) / (2 * h), MinimumJerk.velocity(0.3), 1e-6);
    }
}
