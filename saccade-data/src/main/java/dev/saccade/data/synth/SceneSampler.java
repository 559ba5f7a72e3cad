package dev.saccade.data.synth;

import dev.saccade.data.Task;
import dev.saccade.data.robot.Pose;
import dev.saccade.sphere.Vec3;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one episode's world: room, table, lights, the task's object and target, and distractors.
 *
 * <p>Placements follow the task's needs: object and target at least {@value #MIN_SEPARATION_DEG}°
 * apart around the base (so one view rarely holds both in detail), often at opposite ends of the
 * arc; every prop fully on the table and clear of the others; no distractor hiding a task prop
 * from the camera. Colours stay within each prop's identity; distractors include look-alikes.
 */
final class SceneSampler {
    /** Height of the table top above the floor (m). */
    static final double TABLE_HEIGHT = 0.76;
    /** Half the table's arc around the base (rad): 230° in all. */
    static final double TABLE_HALF_ARC = Math.toRadians(115);
    static final double MIN_SEPARATION_DEG = 70;
    /** Range of base angles the task props are placed at (rad). */
    static final double PLACE_HALF_ARC = Math.toRadians(105);

    private SceneSampler() {}

    static PropKind objectKind(Task task) {
        return switch (task) {
            case TOWEL_BUCKET -> PropKind.TOWEL;
            case ERASER_STAND -> PropKind.ERASER;
            case ESTOP_PRESS -> PropKind.ESTOP;
            case BRUSH_TRAY -> PropKind.BRUSH;
            case WOOD_SQUARE -> PropKind.WOOD_SQUARE;
        };
    }

    static PropKind targetKind(Task task) {
        return switch (task) {
            case TOWEL_BUCKET -> PropKind.BUCKET;
            case ERASER_STAND -> PropKind.STAND;
            case ESTOP_PRESS -> PropKind.ESTOP;
            case BRUSH_TRAY -> PropKind.TRAY;
            case WOOD_SQUARE -> PropKind.TARGET_MARK;
        };
    }

    static Scene sample(Task task, SceneOptions options, SplittableRandom rng) {
        // Separate streams, so that changing the number of distractors leaves the rest of the scene alone.
        SplittableRandom roomRng = rng.split();
        SplittableRandom clutterRng = rng.split();
        double tableRadius = 0.9 + 0.05 * rng.nextDouble();
        List<Shape> statics = new ArrayList<>();
        Lighting lighting = room(roomRng, statics);
        table(roomRng, tableRadius, statics);

        List<Scene.Placed> placed = new ArrayList<>();
        Prop objectProp = objectKind(task).make(false, rng);
        Scene.Placed object;
        Scene.Placed target;
        if (task == Task.ESTOP_PRESS) {
            object = placeAnywhere(objectProp, Label.OBJECT, tableRadius, placed, rng);
            target = object;
        } else {
            Prop targetProp = targetKind(task).make(false, rng);
            boolean oppositeEnds = rng.nextDouble() < 0.35;
            while (true) {
                double ao, at;
                if (oppositeEnds) {
                    double side = rng.nextBoolean() ? 1 : -1;
                    ao = side * Math.toRadians(60 + 45 * rng.nextDouble());
                    at = -side * Math.toRadians(60 + 45 * rng.nextDouble());
                } else {
                    ao = (2 * rng.nextDouble() - 1) * PLACE_HALF_ARC;
                    at = (2 * rng.nextDouble() - 1) * PLACE_HALF_ARC;
                }
                if (Math.abs(ao - at) < Math.toRadians(MIN_SEPARATION_DEG)) {
                    continue;
                }
                Scene.Placed o = tryPlace(objectProp, Label.OBJECT, ao, 0.38 + 0.28 * rng.nextDouble(), rng, tableRadius, placed);
                Scene.Placed t = o == null ? null : tryPlace(targetProp, Label.TARGET, at, 0.40 + 0.24 * rng.nextDouble(), rng, tableRadius, List.of(o));
                if (o != null && t != null) {
                    object = o;
                    target = t;
                    break;
                }
            }
            placed.add(object);
            placed.add(target);
        }
        List<Scene.Placed> distractors = new ArrayList<>();
        for (int i = 0; i < options.distractors(); i++) {
            Prop p = distractorKind(task, clutterRng);
            for (int attempt = 0; attempt < 60; attempt++) {
                double a = (2 * clutterRng.nextDouble() - 1) * (TABLE_HALF_ARC - 0.1);
                Scene.Placed d = tryPlace(p, Label.DISTRACTOR, a, 0.3 + 0.5 * clutterRng.nextDouble(), clutterRng, tableRadius, placed);
                if (d != null && !hides(d, object) && !hides(d, target)) {
                    placed.add(d);
                    distractors.add(d);
                    break;
                }
            }
        }
        for (Scene.Placed p : placed) {
            // The manipulated object moves, so it is drawn per frame; of the e-stop only the button moves.
            if (p != object) {
                p.prop().place(p.pose(), p.label(), 0, true, true, statics);
            } else if (task == Task.ESTOP_PRESS) {
                p.prop().place(p.pose(), p.label(), 0, false, true, statics);
            }
        }
        return new Scene(statics, lighting, object, target, distractors);
    }

    private static Scene.Placed placeAnywhere(Prop prop, Label label, double tableRadius, List<Scene.Placed> placed, SplittableRandom rng) {
        while (true) {
            Scene.Placed p = tryPlace(prop, label, (2 * rng.nextDouble() - 1) * PLACE_HALF_ARC,
                    0.38 + 0.28 * rng.nextDouble(), rng, tableRadius, placed);
            if (p != null) {
                placed.add(p);
                return p;
            }
        }
    }

    /** A look-alike of a task prop, another task's prop, or clutter. */
    private static Prop distractorKind(Task task, SplittableRandom rng) {
        double u = rng.nextDouble();
        if (u < 0.4) {
            PropKind k = rng.nextBoolean() ? objectKind(task) : targetKind(task);
            return k.make(true, rng);
        }
        if (u < 0.7) {
            PropKind[] taskKinds = {PropKind.TOWEL, PropKind.BUCKET, PropKind.ERASER, PropKind.STAND, PropKind.ESTOP,
                PropKind.BRUSH, PropKind.TRAY, PropKind.WOOD_SQUARE, PropKind.TARGET_MARK};
            while (true) {
                PropKind k = taskKinds[rng.nextInt(taskKinds.length)];
                if (k != objectKind(task) && k != targetKind(task)) {
                    return k.make(false, rng);
                }
            }
        }
        PropKind[] clutter = {PropKind.MUG, PropKind.BALL, PropKind.BLOCK, PropKind.CAN, PropKind.BOOK};
        return clutter[rng.nextInt(clutter.length)].make(false, rng);
    }

    /** The prop at base angle {@code angle}, distance {@code r}, random yaw; null if it does not fit. */
    private static Scene.Placed tryPlace(Prop prop, Label label, double angle, double r, SplittableRandom rng,
                                         double tableRadius, List<Scene.Placed> others) {
        double fp = prop.footprint();
        double margin = 0.02;
        if (r + fp > tableRadius - margin || r - fp < 0.17) {
            return null;
        }
        double toEnd = TABLE_HALF_ARC - Math.abs(angle);
        if (toEnd < Math.PI / 2 && r * Math.sin(toEnd) < fp + margin) {
            return null;
        }
        double x = r * Math.cos(angle), y = r * Math.sin(angle);
        for (Scene.Placed o : others) {
            Vec3 p = o.pose().translation();
            double gap = o.label() == Label.DISTRACTOR && label == Label.DISTRACTOR ? 0.02 : 0.06;
            if (Math.hypot(p.x() - x, p.y() - y) < fp + o.prop().footprint() + gap) {
                return null;
            }
        }
        return new Scene.Placed(prop, Prop.standing(x, y, 0, 2 * Math.PI * rng.nextDouble()), label);
    }

    /** Whether {@code d} stands between the camera and part of {@code p}. */
    private static boolean hides(Scene.Placed d, Scene.Placed p) {
        double[] a = Camera360.direction(d.prop().centre(d.pose()), d.prop().boundingRadius());
        double[] b = Camera360.direction(p.prop().centre(p.pose()), p.prop().boundingRadius());
        double distD = d.prop().centre(d.pose()).minus(Camera360.POSITION).norm();
        double distP = p.prop().centre(p.pose()).minus(Camera360.POSITION).norm();
        double apart = dev.saccade.sphere.Sphere.angleBetween(a[0], a[1], b[0], b[1]);
        return distD < distP + p.prop().boundingRadius() && apart < a[2] + b[2];
    }

    /** Adds the room (walls, floor, ceiling, lamps, furniture, posters) and returns its lights. */
    private static Lighting room(SplittableRandom rng, List<Shape> out) {
        double front = 1.8 + 0.8 * rng.nextDouble(), back = 1.6 + 0.6 * rng.nextDouble();
        double side = 1.8 + 0.7 * rng.nextDouble();
        double floor = -TABLE_HEIGHT, ceiling = 1.9 + 0.3 * rng.nextDouble();
        int wall = pick(rng, 0xE8E0D0, 0xD8DDE2, 0xCFDCE8, 0xD6E3CF, 0xF0EEE8, 0xE6D5C3);
        Material walls = Material.of(PropKind.jitter(wall, rng), PropKind.scale(wall, 0.9), Pattern.MOTTLED, 0.35, 0.02);
        Material floorMat = rng.nextBoolean()
                ? Material.of(pick(rng, 0xA0784F, 0x8A6A4A, 0xB89570, 0x6E4E35), pick(rng, 0x7A5530, 0x9C7A55), Pattern.PLANKS, 0.14, 0.08)
                : Material.of(pick(rng, 0x9A9A98, 0xB0ADA5, 0x7F8485), 0x505050, Pattern.TILES, 0.5, 0.05);
        Material ceilingMat = Material.of(0xF2F2F0, 0xB0B0B0, Pattern.TILES, 0.6, 0);
        out.add(new Plane(0, front, -1, walls));
        out.add(new Plane(0, -back, 1, walls));
        out.add(new Plane(1, side, -1, walls));
        out.add(new Plane(1, -side, 1, walls));
        out.add(new Plane(2, floor, 1, floorMat));
        out.add(new Plane(2, ceiling, -1, ceilingMat));

        // Lamps: glowing ceiling panels; the key light hangs under one of them.
        double kx = -0.2 + rng.nextDouble(), ky = -0.8 + 1.6 * rng.nextDouble();
        Material lamp = Material.glowing(0xFFFBF0);
        for (double[] xy : new double[][] {{kx, ky}, {kx - 1.2, ky + 1.1}, {kx + 1.1, ky - 1.2}, {kx + 0.2, ky + 1.4}}) {
            if (Math.abs(xy[0]) < Math.min(front, back) - 0.4 && Math.abs(xy[1]) < side - 0.4) {
                out.add(new Box(Pose.urdf(xy[0], xy[1], ceiling - 0.02, 0, 0, 0), 0.3, 0.3, 0.015, lamp, Label.ROOM, false));
            }
        }
        // Walls get structure: a door, a window, posters, cabinets.
        wallBox(out, rng, front, back, side, floor, 0.45, 1.0, floor + 1.0, Material.of(0x8B5A2B, 0x6B4423, Pattern.WOOD, 0.3, 0.1));
        Material window = Material.glowing(pick(rng, 0xDCEBFA, 0xE8F0F8, 0xFFF4DC));
        wallBox(out, rng, front, back, side, floor, 0.6, 0.4, 0.75 + 0.2 * rng.nextDouble(), window);
        int posters = 3 + rng.nextInt(4);
        for (int i = 0; i < posters; i++) {
            Material m = Material.of(PropKind.anyColour(rng), PropKind.anyColour(rng), Pattern.BLOCKS, 0.08 + 0.12 * rng.nextDouble(), 0.05);
            wallBox(out, rng, front, back, side, floor, 0.2 + 0.25 * rng.nextDouble(), 0.15 + 0.2 * rng.nextDouble(),
                    0.3 + 0.8 * rng.nextDouble(), m);
        }
        int cabinets = 2 + rng.nextInt(3);
        for (int i = 0; i < cabinets; i++) {
            double h = 0.8 + 0.5 * rng.nextDouble();
            Material m = Material.of(pick(rng, 0xC8C8C0, 0x8C8C8C, 0x6E8CA0, 0xB8A080, 0x505A64), 0x000000, Pattern.MOTTLED, 0.5, 0.15);
            double hw = 0.3 + 0.3 * rng.nextDouble();
            double along = (2 * rng.nextDouble() - 1) * (side - hw - 0.1);
            boolean frontWall = rng.nextBoolean();
            double x = frontWall ? front - 0.22 : -back + 0.22;
            out.add(new Box(Pose.urdf(x, along, floor + h / 2, 0, 0, 0), 0.2, hw, h / 2, m, Label.ROOM));
        }
        // The camera's pole, in the table's gap behind the base.
        Vec3 c = Camera360.POSITION;
        out.add(new Cylinder(new Vec3(c.x(), c.y(), floor), new Vec3(c.x(), c.y(), c.z() - 0.25), 0.015,
                Material.solid(0x2A2A2A, 0.3), Label.ROOM));

        double temp = 2 * rng.nextDouble() - 1; // warm … cool
        double key = 0.5 + 0.3 * rng.nextDouble();
        float[] keyRgb = {(float) (key * (1 + 0.08 * temp)), (float) key, (float) (key * (1 - 0.1 * temp))};
        double fill = 0.1 + 0.12 * rng.nextDouble();
        float[] fillRgb = {(float) (fill * 0.95), (float) fill, (float) (fill * 1.08)};
        Vec3 fillAt = new Vec3(-1 + 2 * rng.nextDouble(), -side + 0.3 + 2 * (side - 0.3) * rng.nextDouble(), 1.2);
        double amb = 0.14 + 0.12 * rng.nextDouble();
        float[] sky = {(float) (amb * 0.95), (float) amb, (float) (amb * 1.05)};
        float[] ground = {(float) (amb * 0.45), (float) (amb * 0.4), (float) (amb * 0.35)};
        return new Lighting(new Vec3(kx, ky, ceiling - 0.1), keyRgb, fillAt, fillRgb, sky, ground);
    }

    /** A thin box flat against a random wall, centred {@code up} above the table top. */
    private static void wallBox(List<Shape> out, SplittableRandom rng, double front, double back, double side, double floor,
                                double halfWidth, double halfHeight, double up, Material m) {
        int wall = rng.nextInt(4);
        double depth = 0.01;
        double z = Math.max(floor + halfHeight, up);
        double along;
        Pose pose;
        if (wall < 2) { // front or back wall: spans y
            along = (2 * rng.nextDouble() - 1) * (side - halfWidth - 0.1);
            double x = wall == 0 ? front - depth : -back + depth;
            pose = Pose.urdf(x, along, z, 0, 0, 0);
            out.add(new Box(pose, depth, halfWidth, halfHeight, m, Label.ROOM, !m.emissive()));
        } else {
            along = (2 * rng.nextDouble() - 1) * (Math.min(front, back) - halfWidth - 0.1);
            double y = wall == 2 ? side - depth : -side + depth;
            pose = Pose.urdf(along, y, z, 0, 0, 0);
            out.add(new Box(pose, halfWidth, depth, halfHeight, m, Label.ROOM, !m.emissive()));
        }
    }

    /** The table top, its legs, and the robot's base. */
    private static void table(SplittableRandom rng, double radius, List<Shape> out) {
        Material top = switch (rng.nextInt(3)) {
            case 0 -> Material.of(pick(rng, 0xD8C4A0, 0xC9A978, 0xE2D2B4), 0xA88858, Pattern.WOOD, 0.6, 0.12);
            case 1 -> Material.of(pick(rng, 0xD8D8D2, 0xCACCCC, 0xBFC2C4), 0xA8A8A8, Pattern.MOTTLED, 0.25, 0.2);
            default -> Material.of(pick(rng, 0x55606A, 0x6A6258, 0x4A5560), 0x3A3A3A, Pattern.MOTTLED, 0.2, 0.15);
        };
        double thickness = 0.035;
        out.add(new TableArc(radius, TABLE_HALF_ARC, thickness, top));
        Material metal = Material.solid(0x3C3C3C, 0.5);
        for (int deg = -100; deg <= 100; deg += 50) {
            double a = Math.toRadians(deg), r = radius - 0.15;
            out.add(new Cylinder(new Vec3(r * Math.cos(a), r * Math.sin(a), -TABLE_HEIGHT),
                    new Vec3(r * Math.cos(a), r * Math.sin(a), -thickness), 0.025, metal, Label.TABLE));
        }
        out.add(new Cylinder(new Vec3(0, 0, 0), new Vec3(0, 0, 0.012), 0.09, Material.solid(0x2E3134, 0.3), Label.ROBOT));
        out.add(new Cylinder(new Vec3(0, 0, 0.012), new Vec3(0, 0, 0.095), 0.075, ArmModel.GREY, Label.ROBOT));
    }

    private static int pick(SplittableRandom rng, int... colours) {
        return colours[rng.nextInt(colours.length)];
    }
}
