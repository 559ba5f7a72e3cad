package dev.saccade.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** DESIGN.md §3: directions, the equirect grid and the gaze camera, as properties and named cases. */
class GeometryPropertiesTest {
    @Property(tries = 1000)
    void directionRoundTripsThroughLongitudeAndLatitude(@ForAll @Scale(12) @DoubleRange(min = -3.14159, max = 3.14159) double lon,
                                                       @ForAll @Scale(12) @DoubleRange(min = -1.5707, max = 1.5707) double lat) {
        Vec3 d = Sphere.direction(lon, lat);
        assertEquals(1, d.norm(), 1e-15);
        assertEquals(lat, Sphere.latitude(d), 1e-12);
        assertEquals(0, Sphere.wrapAngle(Sphere.longitude(d) - lon), 1e-12);
    }

    @Property(tries = 1000)
    void equirectPixelRoundTripsThroughDirection(@ForAll @IntRange(min = 1, max = 4096) int height,
                                                 @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double fx,
                                                 @ForAll @Scale(12) @DoubleRange(min = 0.001, max = 0.999) double fy) {
        int width = 2 * height;
        double x = -0.5 + fx * width * 0.999999;
        double y = -0.5 + fy * height;
        Vec3 d = Sphere.direction(Equirect.longitude(x, width), Equirect.latitude(y, height));
        assertEquals(x, Equirect.column(Sphere.longitude(d), width), 1e-9 * width + 1e-9);
        assertEquals(y, Equirect.row(Sphere.latitude(d), height), 1e-9 * height + 1e-9);
    }

    @Property(tries = 1000)
    void gazeCameraIsRightHandedOrthonormalAndLevel(@ForAll @Scale(12) @DoubleRange(min = -10, max = 10) double yaw,
                                                    @ForAll @Scale(12) @DoubleRange(min = -1.5707, max = 1.5707) double pitch) {
        Gaze g = new Gaze(yaw, pitch);
        Vec3 f = g.forward();
        Vec3 r = g.right();
        Vec3 u = g.up();
        assertEquals(1, f.norm(), 1e-12);
        assertEquals(1, r.norm(), 1e-12);
        assertEquals(1, u.norm(), 1e-12);
        assertEquals(0, f.dot(r), 1e-12);
        assertEquals(0, f.dot(u), 1e-12);
        assertEquals(0, r.y(), 0, "no roll: right stays horizontal");
        assertTrue(u.y() >= -1e-12, "up never points below the horizon");
        assertEquals(0, r.cross(u).angleTo(f), 1e-9, "right × up = forward (right-handed)");
        assertEquals(yaw, Sphere.longitude(f) + 2 * Math.PI * Math.rint((yaw - Sphere.longitude(f)) / (2 * Math.PI)), 1e-9);
        assertEquals(pitch, Sphere.latitude(f), 1e-12);
    }

    @Test
    void namedDirections() {
        assertEquals(0, Sphere.direction(0, 0).angleTo(Vec3.Z), 1e-15, "lon 0 looks forward");
        assertEquals(0, Sphere.direction(Math.PI / 2, 0).angleTo(Vec3.X), 1e-15, "lon 90° looks right");
        assertEquals(0, Sphere.direction(0.7, Math.PI / 2).angleTo(Vec3.Y), 1e-15, "lat 90° looks up");
        // Column 0's centre is half a pixel right of −180°; the top row looks up.
        assertEquals(-Math.PI + Math.PI / 2048, Equirect.longitude(0, 2048), 1e-15);
        assertEquals(Math.PI / 2 - Math.PI / 2048, Equirect.latitude(0, 1024), 1e-15);
        assertEquals(-0.5, Equirect.column(-Math.PI, 2048), 1e-12, "the seam is the left edge of column 0");
    }
}
