package dev.saccade.sphere.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.TestPattern;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.lens.FisheyeLens;
import dev.saccade.sphere.lens.PinholeLens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class RayTableTest {
    @Test
    void storesTheLensRaysAndPixelFootprints() {
        PinholeLens lens = new PinholeLens(Math.toRadians(90), 40, 30);
        RayTable table = RayTable.of(lens);
        assertEquals(1200, table.size());
        assertFalse(table.hasBlindPixels());
        for (int[] p : new int[][] {{0, 0}, {39, 29}, {20, 15}, {7, 22}}) {
            Vec3 expected = lens.ray(p[0], p[1]).orElseThrow();
            assertEquals(0, table.ray(p[0], p[1]).orElseThrow().angleTo(expected), 1e-7);
        }
        // At the centre a pixel spans 1/F rad; toward the corners, less.
        assertEquals(1 / lens.focal(), table.footprint(20, 15), 3e-3 / lens.focal());
        assertTrue(table.footprint(0, 0) < 0.6 * table.footprint(20, 15));
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void pixelsOutsideAFisheyeImageCircleAreBlack(Kernel kernel) {
        FisheyeLens lens = new FisheyeLens(20, 20, 19.5, 19.5, -0.3, 0, 0, 0, 40, 40);   // image circle r ≈ 13.9 px
        RayTable table = RayTable.of(lens);
        assertTrue(table.hasBlindPixels());
        assertFalse(table.sees(0, 0));
        assertTrue(table.ray(0, 0).isEmpty());
        assertTrue(table.sees(19, 19));
        ViewRenderer view = new ViewRenderer(table, Antialias.MIP, kernel);
        float[] out = new float[view.floats()];
        view.render(MipChain.of(TestPattern.sample(64)), Gaze.ofDegrees(10, 10), out, 0);
        int n = table.size();
        for (int p = 0; p < n; p++) {
            boolean blind = !table.sees(p % 40, p / 40);
            float sum = out[p] + out[n + p] + out[2 * n + p];
            assertEquals(blind, sum == 0, "pixel " + p);
        }
    }
}
