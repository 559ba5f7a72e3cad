package dev.saccade.gym.eye;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.Gaze;
import org.junit.jupiter.api.Test;

class FoveaTest {
    private static final PyramidSpec SPEC = PyramidSpec.DEFAULT; // fovea 17.3°: ±8.65° on the axes
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
