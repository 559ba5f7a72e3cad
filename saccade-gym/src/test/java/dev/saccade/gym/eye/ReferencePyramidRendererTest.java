package dev.saccade.gym.eye;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.TestPattern;
import org.junit.jupiter.api.Test;

class ReferencePyramidRendererTest {

    @Test
    void aMarkerAtTheGazeFillsTheFoveaCentreAndAppearsSmallerInWiderLevels() {
        double yaw = Math.toRadians(50);
        double pitch = Math.toRadians(-25);
        EquirectFrame frame = TestPattern.withMarkers(256, new TestPattern.Marker[] {
            new TestPattern.Marker(yaw, pitch, Math.toRadians(5), 0xFF0000)});
        PyramidSpec spec = PyramidSpec.DEFAULT;
        float[] out = new float[spec.floats()];
        new ReferencePyramidRenderer(spec).render(frame, new Gaze(yaw, pitch), out, 0);
        int s = spec.size();
        int plane = s * s;
        int centre = (s / 2) * s + s / 2;
        for (int level = 0; level < 3; level++) {
            int base = level * 3 * plane;
            assertEquals(1.0f, out[base + centre], 0.02f, "red at the centre of level " + level);
            assertEquals(0.0f, out[base + plane + centre], 0.02f, "no green at the centre of level " + level);
        }
        assertTrue(redFraction(out, 0, s) > redFraction(out, 1, s), "the 5° disc fills more of the fovea");
        assertTrue(redFraction(out, 1, s) > redFraction(out, 2, s));
        for (float v : out) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    private static double redFraction(float[] out, int level, int s) {
        int plane = s * s;
        int base = level * 3 * plane;
        int red = 0;
        for (int p = 0; p < plane; p++) {
            if (out[base + p] > 0.9f && out[base + plane + p] < 0.1f) {
                red++;
            }
        }
        return (double) red / plane;
    }
}
