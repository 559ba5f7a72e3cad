package dev.saccade.gym.eye;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.PyramidSpec;
import org.junit.jupiter.api.Test;

class FoveaTest {
    private static final PyramidSpec SPEC = PyramidSpec.defaults(); // fovea 17.3°: ±8.65° on the axes
    private static final double DEG = Math.toRadians(1);

    @Test
    void theGazeDirectionIsInTheFovea() {
        assertTrue(Fovea.contains(SPEC, Gaze.ofDegrees(40, -20), 40 * DEG, -20 * DEG));
    }

    @Test
    void halfTheFieldOfViewAlongAnAxisIsTheEdge() {
        Gaze g = Gaze.ofDegrees(0, 0);
        assertTrue(Fovea.contains(SPEC, g, 8.6 * DEG, 0));
        assertFalse(Fovea.contains(SPEC, g, 8.7 * DEG, 0));
        assertTrue(Fovea.contains(SPEC, g, 0, -8.6 * DEG));
        assertFalse(Fovea.contains(SPEC, g, 0, 8.7 * DEG));
    }

    @Test
    void theSquareReachesFurtherTowardsItsCorners() {
        Gaze g = Gaze.ofDegrees(0, 0);
        // (8°, 8°) is 11.3° from the gaze: outside a circle of 8.65° but inside the square image.
        assertTrue(Fovea.contains(SPEC, g, 8 * DEG, 8 * DEG));
        assertFalse(Fovea.contains(SPEC, g, 9 * DEG, 9 * DEG));
    }

    @net.jqwik.api.Property(tries = 300)
    void thePinholeShortcutAgreesWithTheLensProjection(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.DoubleRange(min = -130, max = 130) double gazeYaw,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.DoubleRange(min = -80, max = 80) double gazePitch,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.DoubleRange(min = -15, max = 15) double dYaw,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.DoubleRange(min = -15, max = 15) double dPitch) {
        Gaze g = Gaze.ofDegrees(gazeYaw, gazePitch);
        dev.saccade.sphere.Vec3 d = dev.saccade.sphere.Sphere.direction(Math.toRadians(gazeYaw + dYaw), Math.toRadians(gazePitch + dPitch));
        dev.saccade.sphere.lens.PinholeLens lens = (dev.saccade.sphere.lens.PinholeLens) SPEC.levels().get(0);
        dev.saccade.sphere.Vec3 camera = new dev.saccade.sphere.Vec3(d.dot(g.right()), -d.dot(g.up()), d.dot(g.forward()));
        boolean projected = lens.project(camera).filter(p -> p.isInside(lens.width(), lens.height())).isPresent();
        org.junit.jupiter.api.Assertions.assertEquals(projected, Fovea.inView(lens, g.forward(), g.right(), g.up(), d));
    }

    @Test
    void behindTheEyeIsNeverInTheFovea() {
        assertFalse(Fovea.contains(SPEC, Gaze.ofDegrees(0, 0), Math.PI, 0));
        assertFalse(Fovea.contains(SPEC, Gaze.ofDegrees(10, 0), Math.toRadians(-170), 0));
    }

    @Test
    void yawWrapsAcrossTheSeam() {
        assertTrue(Fovea.contains(SPEC, Gaze.ofDegrees(178, 0), Math.toRadians(-178), 0));
    }

    @Test
    void nearThePolesYawMattersLess() {
        // At pitch 80°, 20° of yaw is only about 3.5° on the sphere.
        assertTrue(Fovea.contains(SPEC, Gaze.ofDegrees(0, 80), 20 * DEG, 80 * DEG));
    }
}
