package dev.saccade.robot.ur;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The driver's per-target check, on hand-worked cases and as a property. */
class SafetyFilterTest {
    private static final SafetyFilter FILTER = new SafetyFilter(JointLimits.UR5E, 0.008, 0.05);

    @Test
    void stepIsTheSmallerOfMaxStepAndSpeedTimesPeriod() {
        assertEquals(Math.PI * 0.008, FILTER.stepLimit(0), 1e-15); // 0.02513 < 0.05
        assertEquals(0.01, new SafetyFilter(JointLimits.UR5E, 0.1, 0.01).stepLimit(3), 0);
    }

    @Test
    void aFarTargetIsApproachedOneStepAtATime() {
        double[] last = {0, 0, 0, 0, 0, 0};
        double[] next = FILTER.next(last, new double[] {1, -1, 0.001, 0, 0, 0}, 0.008);
        double s = Math.PI * 0.008;
        assertArrayEquals(new double[] {s, -s, 0.001, 0, 0, 0}, next, 1e-15);
    }

    @Test
    void aBurstOfTargetsMovesNoFasterThanTheSpeedLimit() {
        double[] last = new double[6];
        double[] want = {1, 1, 1, 1, 1, 1};
        for (int i = 0; i < 10; i++) { // ten targets 1 ms apart: 10 ms at π rad/s at most
            last = FILTER.next(last, want, 0.001);
        }
        assertEquals(Math.PI * 0.010, last[0], 1e-12);
        assertArrayEquals(last, FILTER.next(last, want, 0), "no time, no motion");
        assertEquals(Math.PI * 0.008, FILTER.next(new double[6], want, 5.0)[0], 1e-15, "a late target: one period's step");
    }

    @Test
    void targetsOutsideTheRangeAreClampedToIt() {
        double[] last = {0, 0, Math.PI - 0.001, 0, 0, 0};
        double[] next = FILTER.next(last, new double[] {0, 0, 4, 0, 0, 0}, 0.008);
        assertEquals(Math.PI, next[2], 0);
    }

    @Test
    void nonFiniteOrShortTargetsAreRejectedNamingTheJoint() {
        double[] last = new double[6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FILTER.next(last, new double[] {0, 0, 0, Double.NaN, 0, 0}, 0.008));
        assertTrue(e.getMessage().contains("joint target 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FILTER.next(last, new double[5], 0.008));
    }

    @Property(tries = 2000)
    void everyOutputIsInsideTheLimitsAndOneStepFromTheLast(
            @ForAll @DoubleRange(min = -3, max = 3) double start,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double a,
            @ForAll @DoubleRange(min = -10, max = 10) double b,
            @ForAll @DoubleRange(min = -1, max = 1) double elapsed) {
        double[] last = JointLimits.UR5E.clamp(new double[] {start, -start, start / 2, 0, 1, -1});
        double[] next = FILTER.next(last, new double[] {a, b, a, b, -a, -b}, elapsed);
        assertTrue(JointLimits.UR5E.contains(next));
        for (int j = 0; j < 6; j++) {
            double moved = Math.abs(next[j] - last[j]);
            assertTrue(moved <= FILTER.stepLimit(j) * (1 + 1e-12));
            assertTrue(moved <= JointLimits.UR5E.velocity(j) * Math.max(0, elapsed) * (1 + 1e-12), "speed limit");
        }
    }
}
