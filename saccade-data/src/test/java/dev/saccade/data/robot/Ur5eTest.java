package dev.saccade.data.robot;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.sphere.Vec3;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class Ur5eTest {
    @Test
    void zeroJointsStretchTheArmAlongX() {
        Vec3 p = Ur5e.tool0(new double[6]).translation();
        // Upper arm 0.425 + forearm 0.392 along +X; lateral offsets 0.138 - 0.131 + 0.127 + 0.1 along +Y;
        // 0.163 up from the base, then 0.1 down the wrist_3 offset which points along -Z at zero.
        assertEquals(0.817, p.x(), 1e-9);
        assertEquals(0.234, p.y(), 1e-9);
        assertEquals(0.063, p.z(), 1e-9);
    }

    @Test
    void basePanRotatesTheToolAboutTheVerticalAxis() {
        double[] q = {Math.PI / 2, 0, 0, 0, 0, 0};
        Vec3 p = Ur5e.tool0(q).translation();
        assertEquals(-0.234, p.x(), 1e-9);
        assertEquals(0.817, p.y(), 1e-9);
        assertEquals(0.063, p.z(), 1e-9);
    }

    @Property
    void fastPathMatchesTheChainOfPoses(@ForAll @DoubleRange(min = -6.3, max = 6.3) double a,
                                        @ForAll @DoubleRange(min = -6.3, max = 6.3) double b,
                                        @ForAll @DoubleRange(min = -3.2, max = 3.2) double c,
                                        @ForAll @DoubleRange(min = -6.3, max = 6.3) double d,
                                        @ForAll @DoubleRange(min = -6.3, max = 6.3) double e,
                                        @ForAll @DoubleRange(min = -6.3, max = 6.3) double f) {
        double[] q = {a, b, c, d, e, f};
        float[] qf = new float[8];
        for (int i = 0; i < 6; i++) {
            qf[i + 1] = (float) q[i];
            q[i] = qf[i + 1];
        }
        double[] fast = new double[3];
        Ur5e.tool0Position(qf, 1, fast);
        Vec3 slow = Ur5e.tool0(q).translation();
        assertEquals(slow.x(), fast[0], 1e-12);
        assertEquals(slow.y(), fast[1], 1e-12);
        assertEquals(slow.z(), fast[2], 1e-12);
    }

    @Property
    void toolStaysWithinReach(@ForAll @DoubleRange(min = -6.3, max = 6.3) double b,
                              @ForAll @DoubleRange(min = -3.2, max = 3.2) double c) {
        Vec3 p = Ur5e.tool0(new double[] {0, b, c, 0, 0, 0}).translation();
        assertTrue(p.minus(new Vec3(0, 0, 0.163)).norm() < 0.425 + 0.392 + 0.25);
    }
}
