package dev.saccade.data.synth;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.data.robot.Pose;
import dev.saccade.sphere.Vec3;
import org.junit.jupiter.api.Test;

class ShapeTest {
    private static final Material M = Material.solid(0x808080, 0);

    private static Hit cast(Shape s, Vec3 o, Vec3 d) {
        Vec3 u = d.normalized();
        Hit h = new Hit();
        return s.intersect(o.x(), o.y(), o.z(), u.x(), u.y(), u.z(), Double.POSITIVE_INFINITY, h) ? h : null;
    }

    @Test
    void aTurnedBoxIsHitOnTheRightFace() {
        Box box = new Box(Pose.urdf(1, 0, 0, 0, 0, Math.PI / 2), 0.1, 0.3, 0.2, M, Label.ROOM);
        Hit h = cast(box, new Vec3(0, 0, 0), new Vec3(1, 0, 0));
        assertNotNull(h);
        assertEquals(0.7, h.t, 1e-12, "turned 90°, its 0.3 half extent faces the ray");
        assertEquals(-1, h.nx, 1e-12);
        assertNull(cast(box, new Vec3(0, 0, 0), new Vec3(-1, 0, 0)), "behind the ray");
        assertNull(cast(box, new Vec3(0, 0, 0.5), new Vec3(1, 0, 0)), "above the box");
    }

    @Test
    void cylindersAreHitOnTheSideAndOnTheCaps() {
        Cylinder c = new Cylinder(new Vec3(0, 0, 0), new Vec3(0, 0, 1), 0.5, M, Label.ROOM);
        Hit side = cast(c, new Vec3(2, 0, 0.5), new Vec3(-1, 0, 0));
        assertEquals(1.5, side.t, 1e-12);
        assertEquals(1, side.nx, 1e-12);
        Hit top = cast(c, new Vec3(0.1, 0, 3), new Vec3(0, 0, -1));
        assertEquals(2, top.t, 1e-12, "straight down the axis onto the top cap");
        assertEquals(1, top.nz, 1e-12);
        assertNull(cast(c, new Vec3(2, 0, 1.5), new Vec3(-1, 0, 0)));
    }

    @Test
    void capsulesHaveRoundEnds() {
        Capsule c = new Capsule(new Vec3(0, 0, 0), new Vec3(1, 0, 0), 0.25, M, Label.ROBOT);
        assertEquals(1.75, cast(c, new Vec3(3, 0, 0), new Vec3(-1, 0, 0)).t, 1e-12);
        assertEquals(0.75, cast(c, new Vec3(0.5, 0, 1), new Vec3(0, 0, -1)).t, 1e-12);
        Hit corner = cast(c, new Vec3(1.2, 0, 1), new Vec3(0, 0, -1));
        assertEquals(1 - Math.sqrt(0.25 * 0.25 - 0.2 * 0.2), corner.t, 1e-12);
    }

    @Test
    void aCupIsHollow() {
        Cup cup = new Cup(Pose.IDENTITY, 0.1, 0.09, 0.2, 0.01, M, Label.TARGET);
        Hit floor = cast(cup, new Vec3(0, 0, 1), new Vec3(0, 0, -1));
        assertEquals(0.99, floor.t, 1e-12, "looking in from above, the ray reaches the floor");
        Hit wall = cast(cup, new Vec3(1, 0, 0.1), new Vec3(-1, 0, 0));
        assertEquals(0.9, wall.t, 1e-12);
        Hit rim = cast(cup, new Vec3(0.095, 0, 1), new Vec3(0, 0, -1));
        assertEquals(0.8, rim.t, 1e-12);
        // A ray grazing in over the rim hits the far inner wall.
        Hit inner = cast(cup, new Vec3(-1, 0, 0.3), new Vec3(1, 0, -0.1));
        assertNotNull(inner);
        assertTrue(inner.u > 0.08 && inner.w > 0.01 && inner.w < 0.2, "far inner wall at x " + inner.u);
    }

    @Test
    void theTableArcLeavesAGapBehindTheBase() {
        TableArc t = new TableArc(0.9, Math.toRadians(115), 0.04, M);
        assertEquals(1, cast(t, new Vec3(0.5, 0, 1), new Vec3(0, 0, -1)).t, 1e-12);
        assertNull(cast(t, new Vec3(-0.5, 0, 1), new Vec3(0, 0, -1)), "behind the base is the gap");
        assertNotNull(cast(t, new Vec3(-0.2, 0.6, 1), new Vec3(0, 0, -1)), "115° reaches past the side");
        Hit edge = cast(t, new Vec3(2, 0, -0.02), new Vec3(-1, 0, 0));
        assertEquals(1.1, edge.t, 1e-12);
    }

    @Test
    void boundingSpheresNeverCullARealHit() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        Shape[] shapes = {
            new Box(Pose.urdf(0.3, -0.2, 0.1, 0.3, 0.2, 1.0), 0.1, 0.05, 0.2, M, Label.ROOM),
            new Capsule(new Vec3(-0.2, 0.1, 0), new Vec3(0.3, 0.3, 0.4), 0.05, M, Label.ROOM),
            new Cylinder(new Vec3(0, 0, 0), new Vec3(0.1, -0.3, 0.2), 0.08, M, Label.ROOM),
            new Cup(Pose.urdf(0.1, 0.1, 0, 0.4, 0, 0), 0.1, 0.09, 0.13, 0.01, M, Label.ROOM),
        };
        Hit h = new Hit();
        for (int i = 0; i < 20000; i++) {
            Vec3 o = new Vec3(rng.nextDouble(-2, 2), rng.nextDouble(-2, 2), rng.nextDouble(-2, 2));
            Vec3 target = new Vec3(rng.nextDouble(-0.3, 0.4), rng.nextDouble(-0.4, 0.4), rng.nextDouble(-0.1, 0.5));
            Vec3 d = target.minus(o).normalized();
            for (Shape s : shapes) {
                if (s.intersect(o.x(), o.y(), o.z(), d.x(), d.y(), d.z(), 10, h)) {
                    assertTrue(s.mayHit(o.x(), o.y(), o.z(), d.x(), d.y(), d.z(), 10));
                    double[] c = s.cull;
                    Vec3 p = o.plus(d.times(h.t));
                    boolean inside = false;
                    for (int k = 0; k < c.length; k += 4) {
                        inside |= p.minus(new Vec3(c[k], c[k + 1], c[k + 2])).norm() <= c[k + 3] + 1e-9;
                    }
                    assertTrue(inside, "hit point outside the culling spheres");
                    assertEquals(1, Math.sqrt(h.nx * h.nx + h.ny * h.ny + h.nz * h.nz), 1e-9, "unit normal");
                }
            }
        }
    }
}
