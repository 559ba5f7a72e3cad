package dev.saccade.data.synth;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.sphere.Equirect;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RayGridTest {
    @Test
    void everyRayOfARegionLiesInsideItsCone() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int width : new int[] {8, 18, 34, 50, 64, 202, 512}) {
            RayGrid g = new RayGrid(width, width / 2);
            check(g, g.tiles, RayGrid.TILE, g.tileCols, g.tileRows, rng);
            check(g, g.blocks, RayGrid.BLOCK, g.blockCols, g.blockRows, rng);
        }
    }

    private static void check(RayGrid g, Cones cones, int size, int cols, int rows, SplittableRandom rng) {
        for (int ry = 0; ry < rows; ry++) {
            for (int rx = 0; rx < cols; rx++) {
                int i = ry * cols + rx;
                double x0 = rx * size - 0.5, x1 = Math.min(g.width, (rx + 1) * size) - 0.5;
                double y0 = ry * size - 0.5, y1 = Math.min(g.height, (ry + 1) * size) - 0.5;
                for (int k = 0; k < 40; k++) {
                    // Corners, edges and the inside all count.
                    double x = k < 4 ? (k % 2 == 0 ? x0 : x1) : x0 + (x1 - x0) * rng.nextDouble();
                    double y = k < 4 ? (k / 2 == 0 ? y0 : y1) : k < 8 ? (k % 2 == 0 ? y0 : y1) : y0 + (y1 - y0) * rng.nextDouble();
                    double[] d = RayGrid.dir(Equirect.longitude(x, g.width), Equirect.latitude(y, g.height));
                    double cos = d[0] * cones.ux[i] + d[1] * cones.uy[i] + d[2] * cones.uz[i];
                    double angle = Math.acos(Math.max(-1, Math.min(1, cos)));
                    assertTrue(angle <= cones.half[i] + 1e-9, g.width + " wide, region " + rx + "," + ry + ": a ray "
                            + Math.toDegrees(angle) + "° off the axis, half angle " + Math.toDegrees(cones.half[i]) + "°");
                }
            }
        }
    }
}
