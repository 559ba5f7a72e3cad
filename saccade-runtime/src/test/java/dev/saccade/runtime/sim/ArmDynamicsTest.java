package dev.saccade.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.runtime.robot.JointLimits;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ArmDynamicsTest {
    private static final double A = 15, H = 1.0 / 120;

    @Test
    void brakingSpeedMatchesStepsWorkedByHand() {
        double unit = A * H * H; // the distance one step at a·h covers
        assertEquals(2 * A * H, ArmDynamics.brakingSpeed(3 * unit, A, H), 1e-12, "2ah then ah cover 3 units");
        assertEquals(A * H, ArmDynamics.brakingSpeed(unit, A, H), 1e-12);
        assertEquals(0.5 * A * H, ArmDynamics.brakingSpeed(0.5 * unit, A, H), 1e-12, "half a unit in one step");
        assertEquals(0, ArmDynamics.brakingSpeed(0, A, H), 0);
    }

    @Property(tries = 200)
    void theArmStopsOnItsTargetWithoutOvershootingAndWithinItsLimits(@ForAll @DoubleRange(min = -6, max = 6) double start,
                                                                   @ForAll @DoubleRange(min = -6, max = 6) double goal) {
        JointLimits limits = JointLimits.ur5e();
        double[] q = {start, 0, 0, 0, 0, 0}, qd = new double[6], target = {goal, 0, 0, 0, 0, 0};
        double before = q[0];
        for (int k = 0; k < 2400; k++) { // 20 s
            double v = qd[0];
            ArmDynamics.step(q, qd, target, limits, H, 4 * H);
            assertTrue((goal - before) * (goal - q[0]) >= -1e-12, "passed the target at step " + k);
            assertTrue(Math.abs(qd[0]) <= limits.velocity(0) + 1e-12);
            assertTrue(Math.abs(qd[0] - v) <= A * H + 1e-12);
        }
        assertEquals(goal, q[0], 1e-9);
        assertEquals(0, qd[0], 1e-9);
    }
}
