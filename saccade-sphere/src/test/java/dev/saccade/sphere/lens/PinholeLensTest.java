package dev.saccade.sphere.lens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.Vec3;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PinholeLensTest {
    @Test
    void pixelRaysFollowTheDesignFormula() {
        // DESIGN.md §3: pixel (i, j) looks along (i + 0.5 − W/2, j + 0.5 − H/2, F), F = (W/2)/tan(φ/2).
        PinholeLens lens = new PinholeLens(Math.toRadians(90), 64, 48);
        assertEquals(32.0, lens.focal(), 1e-12);
        Vec3 expected = new Vec3(3 + 0.5 - 32, 40 + 0.5 - 24, 32).normalized();
        Vec3 ray = lens.ray(3, 40).orElseThrow();
        assertEquals(0, ray.angleTo(expected), 1e-15);
        assertTrue(ray.x() < 0 && ray.y() > 0, "left of centre looks left (−x), below centre looks down (+y)");
    }

    @Test
    void imageEdgesSpanTheFieldOfView() {
        PinholeLens lens = new PinholeLens(Math.toRadians(62.3), 64, 64);
        Vec3 left = lens.ray(-0.5, 31.5).orElseThrow();
        Vec3 right = lens.ray(63.5, 31.5).orElseThrow();
        assertEquals(Math.toRadians(62.3), left.angleTo(right), 1e-12);
        assertEquals(Math.toRadians(62.3), lens.horizontalFov(), 0);
        assertEquals(Math.toRadians(62.3), lens.verticalFov(), 1e-12, "square view: vertical = horizontal");
    }

    @Test
    void rejectsFieldsOfViewOutsideTheOpenHalfTurn() {
        assertThrows(IllegalArgumentException.class, () -> new PinholeLens(0, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new PinholeLens(Math.PI, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new PinholeLens(Double.NaN, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new PinholeLens(1, 0, 8));
    }

    @Test
    void raysBehindTheCameraDoNotProject() {
        PinholeLens lens = PinholeLens.square(1, 16);
        assertTrue(lens.project(new Vec3(0, 0, -1)).isEmpty());
        assertTrue(lens.project(new Vec3(1, 0, 0)).isEmpty());
    }

    @Property(tries = 300)
    void projectInvertsRay(@ForAll @Scale(12) @DoubleRange(min = 1, max = 179) double fovDeg,
                           @ForAll @IntRange(min = 1, max = 512) int width,
                           @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double fu,
                           @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double fv) {
        PinholeLens lens = new PinholeLens(Math.toRadians(fovDeg), width, width / 2 + 1);
        double u = -0.5 + fu * width;
        double v = -0.5 + fv * lens.height();
        ImagePoint back = lens.project(lens.ray(u, v).orElseThrow()).orElseThrow();
        assertEquals(u, back.u(), 1e-9 * width);
        assertEquals(v, back.v(), 1e-9 * width);
    }
}
