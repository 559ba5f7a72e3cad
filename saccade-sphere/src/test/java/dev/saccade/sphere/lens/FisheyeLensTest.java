package dev.saccade.sphere.lens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.Vec3;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class FisheyeLensTest {
    /** EyeRobot's eye camera, calibrated with OpenCV (reference/eyerobot.md §1). */
    static final FisheyeLens EYEROBOT = new FisheyeLens(1059.15, 1058.17, 924.5, 609.5,
            -0.0872, -0.0135, -0.00626, 0.00486, 1920, 1200);

    @Test
    void forwardProjectionMatchesTheOpenCvFormulaWorkedByHand() {
        // A ray 0.5 rad off axis, in the x–z plane: r_d = θ(1 + k1θ² + k2θ⁴ + k3θ⁶ + k4θ⁸).
        double theta = 0.5;
        double rd = 0.5 * (1 - 0.0872 * 0.25 - 0.0135 * 0.0625 - 0.00626 * 0.015625 + 0.00486 * 0.00390625);
        assertEquals(0.4886387109375, rd, 1e-13);
        ImagePoint p = EYEROBOT.project(new Vec3(Math.sin(theta), 0, Math.cos(theta))).orElseThrow();
        assertEquals(1059.15 * rd + 924.5, p.u(), 1e-9);
        assertEquals(609.5, p.v(), 1e-12);
        // Straight down the image (+y) at 1 rad: v grows with fy, u stays on the centre column.
        double rd1 = 1 - 0.0872 - 0.0135 - 0.00626 + 0.00486;
        ImagePoint q = EYEROBOT.project(new Vec3(0, Math.sin(1), Math.cos(1))).orElseThrow();
        assertEquals(924.5, q.u(), 1e-12);
        assertEquals(1058.17 * rd1 + 609.5, q.v(), 1e-9);
    }

    @Test
    void opticalCentreLooksAlongTheAxis() {
        Vec3 axis = EYEROBOT.ray(924.5, 609.5).orElseThrow();
        assertEquals(0, axis.angleTo(Vec3.Z), 1e-15);
        ImagePoint c = EYEROBOT.project(Vec3.Z).orElseThrow();
        assertEquals(924.5, c.u(), 0);
        assertEquals(609.5, c.v(), 0);
    }

    @Test
    void equidistantLensMapsRadiusLinearlyToAngle() {
        FisheyeLens lens = FisheyeLens.equidistant(Math.toRadians(200), 400, 300);
        double f = 200 / Math.toRadians(100);
        assertEquals(f, lens.fx(), 1e-12);
        // 150 px right of centre is 150/f rad off axis.
        Vec3 ray = lens.ray(lens.cx() + 150, lens.cy()).orElseThrow();
        assertEquals(150 / f, ray.angleTo(Vec3.Z), 1e-12);
        assertEquals(Math.toRadians(200), lens.horizontalFov(), 1e-12);
        assertTrue(lens.ray(-0.5, lens.cy()).orElseThrow().z() < 0, "a 200° lens sees behind itself at its edges");
    }

    @Test
    void positionsBeyondTheImageCircleSeeNothing() {
        // k1 = −0.3 makes r_d(θ) peak at θ = 1/√0.9 rad: the lens' image circle.
        FisheyeLens lens = new FisheyeLens(100, 100, 99.5, 99.5, -0.3, 0, 0, 0, 200, 200);
        assertEquals(1 / Math.sqrt(0.9), lens.maxTheta(), 1e-9);
        double rimRadius = 100 * lens.distort(lens.maxTheta());
        assertTrue(lens.ray(99.5 + rimRadius - 0.1, 99.5).isPresent());
        assertTrue(lens.ray(99.5 + rimRadius + 0.1, 99.5).isEmpty());
        assertTrue(lens.project(new Vec3(Math.sin(1.2), 0, Math.cos(1.2))).isEmpty(), "beyond θ_max");
    }

    @Test
    void rejectsBadCalibrations() {
        assertThrows(IllegalArgumentException.class, () -> new FisheyeLens(0, 1, 0, 0, 0, 0, 0, 0, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new FisheyeLens(1, 1, Double.NaN, 0, 0, 0, 0, 0, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new FisheyeLens(1, 1, 0, 0, 0, 0, 0, 0, 8, -1));
        assertThrows(IllegalArgumentException.class, () -> FisheyeLens.equidistant(0, 8, 8));
    }

    @Property(tries = 500)
    void newtonInverseUndoesTheDistortion(@ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double f) {
        double theta = f * EYEROBOT.maxTheta();
        assertEquals(theta, EYEROBOT.undistort(EYEROBOT.distort(theta)), 1e-12);
    }

    @Property(tries = 500)
    void projectInvertsRayAcrossTheCalibratedImage(@ForAll @Scale(12) @DoubleRange(min = -0.5, max = 1919.5) double u,
                                                   @ForAll @Scale(12) @DoubleRange(min = -0.5, max = 1199.5) double v) {
        Vec3 ray = EYEROBOT.ray(u, v).orElseThrow();
        assertEquals(1, ray.norm(), 1e-12);
        ImagePoint back = EYEROBOT.project(ray).orElseThrow();
        assertEquals(u, back.u(), 1e-7);
        assertEquals(v, back.v(), 1e-7);
    }

    @Property(tries = 500)
    void rayInvertsProject(@ForAll @Scale(12) @DoubleRange(min = 0, max = 1.8) double theta,
                           @ForAll @Scale(12) @DoubleRange(min = -3.14159, max = 3.14159) double azimuth) {
        Vec3 d = new Vec3(Math.sin(theta) * Math.cos(azimuth), Math.sin(theta) * Math.sin(azimuth), Math.cos(theta));
        FisheyeLens wide = FisheyeLens.equidistant(Math.toRadians(220), 300, 300);
        ImagePoint p = wide.project(d).orElseThrow();
        assertEquals(0, wide.ray(p.u(), p.v()).orElseThrow().angleTo(d), 1e-12);
    }
}
