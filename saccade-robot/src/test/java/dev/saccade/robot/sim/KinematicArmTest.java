package dev.saccade.robot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.ur.JointLimits;
import org.junit.jupiter.api.Test;

/** The built-in arm: follows servo targets within its limits, stops when told. */
class KinematicArmTest {
    private static final double DT = SimulatedController.PERIOD;

    @Test
    void aFarTargetIsReachedAtNoMoreThanTheSpeedAndAccelerationLimits() {
        KinematicArm arm = new KinematicArm(JointLimits.UR5E, new double[6]);
        double[] target = {1, 0, 0, 0, 0, 0};
        double maxSpeed = 0;
        double previous = 0;
        for (int i = 0; i < 1500; i++) {
            arm.step(DT, new ArmCommand.Servo(target, 0.1, 300));
            double v = arm.state().qd()[0];
            assertTrue(Math.abs(v - previous) <= 20 * DT * (1 + 1e-12), "acceleration within 20 rad/s²");
            previous = v;
            maxSpeed = Math.max(maxSpeed, Math.abs(v));
        }
        assertEquals(1, arm.state().q()[0], 1e-6);
        assertTrue(maxSpeed <= Math.PI);
        assertTrue(maxSpeed > 2, "a 1 rad move gets up to speed: " + maxSpeed);
    }

    @Test
    void aStopFromFullSpeedTakesSpeedOverDeceleration() {
        KinematicArm arm = new KinematicArm(JointLimits.UR5E, new double[6]);
        for (int i = 0; i < 400; i++) {
            arm.step(DT, new ArmCommand.Servo(new double[] {5, 0, 0, 0, 0, 0}, 0.03, 2000));
        }
        assertEquals(Math.PI, arm.state().qd()[0], 1e-9, "at the speed limit");
        int cycles = 0;
        while (!arm.state().atRest() && cycles < 1000) {
            arm.step(DT, new ArmCommand.Stop(20));
            cycles++;
        }
        assertEquals(Math.ceil(Math.PI / 20 / DT), cycles, 1);
    }

    @Test
    void theArmStopsAtALimitInsteadOfPassingIt() {
        KinematicArm arm = new KinematicArm(JointLimits.UR5E, new double[] {0, 0, 3.1, 0, 0, 0});
        for (int i = 0; i < 500; i++) {
            arm.step(DT, new ArmCommand.Servo(new double[] {0, 0, 10, 0, 0, 0}, 0.03, 2000));
            assertTrue(arm.state().q()[2] <= Math.PI);
        }
        assertEquals(Math.PI, arm.state().q()[2], 1e-9);
    }

    @Test
    void aNonFiniteTargetStopsTheArm() {
        KinematicArm arm = new KinematicArm(JointLimits.UR5E, new double[6]);
        for (int i = 0; i < 50; i++) {
            arm.step(DT, new ArmCommand.Servo(new double[] {1, 0, 0, 0, 0, 0}, 0.1, 300));
        }
        double[] before = arm.state().q();
        for (int i = 0; i < 200; i++) {
            arm.step(DT, new ArmCommand.Servo(new double[] {Double.NaN, 0, 0, 0, 0, 0}, 0.1, 300));
        }
        assertTrue(arm.state().atRest());
        assertTrue(JointLimits.UR5E.contains(arm.state().q()));
        assertTrue(arm.state().q()[0] >= before[0]);
    }

    @Test
    void tcpPoseOfTheHomePoseIsARotationVectorOfAProperAngle() {
        double[] rv = SimulatedController.rotationVector(dev.saccade.data.robot.Ur5e.tool0(KinematicArm.HOME).rotation());
        double angle = Math.sqrt(rv[0] * rv[0] + rv[1] * rv[1] + rv[2] * rv[2]);
        assertTrue(angle >= 0 && angle <= Math.PI + 1e-12);
        // A rotation of 90° about z, worked by hand: R = [[0,-1,0],[1,0,0],[0,0,1]] → (0, 0, π/2).
        double[] z = SimulatedController.rotationVector(new dev.saccade.sphere.Rotation(0, -1, 0, 1, 0, 0, 0, 0, 1));
        assertEquals(0, z[0], 1e-12);
        assertEquals(0, z[1], 1e-12);
        assertEquals(Math.PI / 2, z[2], 1e-12);
        // 180° about x: R = diag(1, -1, -1) → (π, 0, 0).
        double[] x = SimulatedController.rotationVector(new dev.saccade.sphere.Rotation(1, 0, 0, 0, -1, 0, 0, 0, -1));
        assertEquals(Math.PI, Math.abs(x[0]), 1e-12);
        assertEquals(0, x[1], 1e-12);
        assertEquals(0, x[2], 1e-12);
    }
}
