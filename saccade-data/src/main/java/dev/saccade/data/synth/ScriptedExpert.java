package dev.saccade.data.synth;

import dev.saccade.data.Features;
import dev.saccade.data.robot.Gripper;
import dev.saccade.data.robot.MinimumJerk;
import dev.saccade.data.robot.Pose;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.data.robot.Ur5eIk;
import dev.saccade.sphere.Vec3;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The scripted demonstrator: plans a task as top-down waypoints of the grasp point (approach,
 * descend, grasp, lift, transport, place, release, retreat; or approach, press, hold, retreat,
 * return), joins them with minimum-jerk segments of randomised length, and solves the UR5e's
 * inverse kinematics every frame on the branch of the previous frame.
 *
 * <p>Waypoints are interpolated in cylindrical coordinates around the base (angle, radius, height)
 * and with the wrist's yaw relative to the base angle, so a transport is an arc at constant height
 * and the wrist turns only as much as the grasp needs. The arm starts moving on the first frames,
 * so any 30-frame action chunk already moves. A plan the arm cannot follow (a pose out of reach, a
 * joint faster than 180°/s) is slowed down, and failing that, rejected.
 */
final class ScriptedExpert {
    static final double FPS = Features.DEFAULT_FPS;
    /** UR5e joint speed limit: 180°/s. */
    static final double MAX_JOINT_STEP = Math.PI / FPS;
    /** Demonstrations last 4–10 s. */
    static final double MIN_SECONDS = 4.05, MAX_SECONDS = 9.95;
    private static final double GRAVITY = 9.81;

    /** Grasp point (between the finger pads) in cylindrical coordinates, gripper yaw relative to the angle. */
    record Waypoint(double angle, double radius, double z, double relYaw) {
        static Waypoint at(double x, double y, double z, double yaw) {
            double a = Math.atan2(y, x);
            return new Waypoint(a, Math.hypot(x, y), z, yaw - a);
        }

        Waypoint withZ(double nz) {
            return new Waypoint(angle, radius, nz, relYaw);
        }
    }

    enum Event { NONE, ATTACH, DETACH }

    /** Move to {@code to} in {@code seconds} while the gripper command goes to {@code gripper}; then {@code event}. */
    record Segment(Waypoint to, double seconds, double gripper, Event event) {}

    /** A plan: where the grasp point starts and the segments after it. */
    record Plan(Waypoint start, List<Segment> segments) {
        double seconds() {
            return segments.stream().mapToDouble(Segment::seconds).sum();
        }

        Plan slower(double factor) {
            return new Plan(start, segments.stream()
                    .map(s -> new Segment(s.to(), s.seconds() * factor, s.gripper(), s.event())).toList());
        }
    }

    private ScriptedExpert() {}

    /** The demonstration of the scene's task, or empty if the arm cannot do it. */
    static Optional<Motion> perform(Scene scene, SplittableRandom rng) {
        Plan plan = scene.pressTask() ? planPress(scene, rng) : planPickAndPlace(scene, rng);
        if (plan.seconds() > MAX_SECONDS) {
            plan = plan.slower(MAX_SECONDS / plan.seconds());
        } else if (plan.seconds() < MIN_SECONDS) {
            plan = plan.slower(MIN_SECONDS / plan.seconds());
        }
        for (int attempt = 0; attempt < 4; attempt++) {
            Optional<double[][]> joints = solve(plan);
            if (joints.isEmpty()) {
                return Optional.empty();
            }
            double step = maxStep(joints.get());
            if (step <= MAX_JOINT_STEP) {
                return Optional.of(simulate(scene, plan, joints.get()));
            }
            double factor = Math.min(1.5, step / MAX_JOINT_STEP * 1.05);
            if (plan.seconds() * factor > MAX_SECONDS) {
                return Optional.empty();
            }
            plan = plan.slower(factor);
        }
        return Optional.empty();
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /**
     * Where the grasp point starts: above the middle of the arc, somewhat randomised. Not too high
     * nor too close to the base, where the upper arm would lean back toward the camera.
     */
    private static Waypoint start(SplittableRandom rng) {
        double a = Math.toRadians(uniform(rng, -40, 40));
        return new Waypoint(a, uniform(rng, 0.42, 0.55), uniform(rng, 0.22, 0.32), uniform(rng, -0.5, 0.5));
    }

    /** Seconds for a free move between two waypoints, with human-like variation. */
    private static double travel(Waypoint a, Waypoint b, SplittableRandom rng) {
        double turn = Math.abs(b.angle() - a.angle());
        double reach = Math.hypot(b.radius() - a.radius(), b.z() - a.z());
        return (0.5 + 0.55 * turn + 1.6 * reach) * uniform(rng, 0.85, 1.2);
    }

    private static double yawOf(Pose p) {
        return Math.atan2(p.rotation().m10(), p.rotation().m00());
    }

    /** {@code yaw + k·period} closest to {@code ref} (period 0: {@code yaw} itself). */
    private static double closest(double yaw, double period, double ref) {
        return period == 0 ? yaw : yaw + period * Math.rint((ref - yaw) / period);
    }

    static Plan planPickAndPlace(Scene scene, SplittableRandom rng) {
        Prop obj = scene.object.prop();
        Pose objPose = scene.object.pose();
        Prop tgt = scene.target.prop();
        Pose tgtPose = scene.target.pose();
        Waypoint start = start(rng);
        Vec3 o = objPose.translation();
        double objAngle = Math.atan2(o.y(), o.x());
        // Fingers close along tool x, the object is gripped across its local y.
        double graspYaw = closest(yawOf(objPose) + Math.PI / 2, Math.PI, start.relYaw() + objAngle);
        Waypoint grasp = Waypoint.at(o.x(), o.y(), o.z() + obj.gripHeight(), graspYaw);
        Waypoint above = grasp.withZ(grasp.z() + uniform(rng, 0.08, 0.14));
        double carry = uniform(rng, 0.22, 0.27); // above every prop, below where the arm leans back

        Vec3 t = tgtPose.translation();
        double jitter = 0.3 * tgt.placeTolerance();
        double px = t.x() + uniform(rng, -jitter, jitter), py = t.y() + uniform(rng, -jitter, jitter);
        double placeAngle = Math.atan2(py, px);
        double heldYawOffset = graspYaw - yawOf(objPose); // the object's yaw is the gripper's minus this
        double placeYaw = tgt.placeYawPeriod() == 0
                ? placeAngle + grasp.relYaw() + uniform(rng, -0.3, 0.3)
                : closest(yawOf(tgtPose) + heldYawOffset, tgt.placeYawPeriod(), placeAngle + grasp.relYaw());
        // A bucket is filled by dropping from above its rim; elsewhere the object is set down gently.
        double bottom = tgt.kind() == PropKind.BUCKET ? t.z() + tgt.height() + uniform(rng, 0.02, 0.04)
                : t.z() + tgt.surface() + uniform(rng, 0.003, 0.012);
        Waypoint place = Waypoint.at(px, py, bottom + obj.gripHeight(), placeYaw);
        Waypoint overPlace = place.withZ(carry);

        List<Segment> s = new ArrayList<>();
        s.add(new Segment(above, travel(start, above, rng), 0, Event.NONE));
        s.add(new Segment(grasp, uniform(rng, 0.5, 0.8), 0, Event.NONE));
        s.add(new Segment(grasp, uniform(rng, 0.35, 0.5), 1, Event.ATTACH));
        s.add(new Segment(grasp.withZ(carry), uniform(rng, 0.45, 0.7), 1, Event.NONE));
        s.add(new Segment(overPlace, travel(grasp.withZ(carry), overPlace, rng), 1, Event.NONE));
        s.add(new Segment(place, uniform(rng, 0.5, 0.8), 1, Event.DETACH));
        s.add(new Segment(place, uniform(rng, 0.25, 0.4), 0, Event.NONE));
        s.add(new Segment(place.withZ(place.z() + uniform(rng, 0.10, 0.14)), uniform(rng, 0.5, 0.8), 0, Event.NONE));
        return new Plan(start, s);
    }

    static Plan planPress(Scene scene, SplittableRandom rng) {
        Prop button = scene.object.prop();
        Vec3 b = scene.object.pose().translation();
        Waypoint start = start(rng);
        double capTop = b.z() + button.surface();
        double tipBelowGrasp = Gripper.FINGERTIP_DEPTH - Gripper.GRASP_DEPTH;
        double yaw = Math.atan2(b.y(), b.x()) + start.relYaw() + uniform(rng, -0.3, 0.3);
        Waypoint press = Waypoint.at(b.x(), b.y(), capTop - uniform(rng, 0.006, 0.009) + tipBelowGrasp, yaw);
        Waypoint above = press.withZ(press.z() + uniform(rng, 0.08, 0.12));
        Waypoint back = new Waypoint(start.angle() + uniform(rng, -0.2, 0.2), start.radius(), start.z(), start.relYaw());
        List<Segment> s = new ArrayList<>();
        s.add(new Segment(above, travel(start, above, rng) + 0.3, 1, Event.NONE)); // closes the hand on the way
        s.add(new Segment(press, uniform(rng, 0.5, 0.8), 1, Event.NONE));
        s.add(new Segment(press, uniform(rng, 0.2, 0.35), 1, Event.NONE));
        s.add(new Segment(above.withZ(above.z() + uniform(rng, 0.03, 0.06)), uniform(rng, 0.5, 0.8), 1, Event.NONE));
        s.add(new Segment(back, travel(above, back, rng) + 0.4, 0, Event.NONE));
        return new Plan(start, s);
    }

    /** Frame boundaries of the segments: segment i covers frames [edges[i], edges[i+1]). */
    static int[] edges(Plan plan) {
        int[] e = new int[plan.segments().size() + 1];
        double t = 0;
        for (int i = 0; i < plan.segments().size(); i++) {
            t += plan.segments().get(i).seconds();
            e[i + 1] = Math.max(e[i] + 1, (int) Math.round(t * FPS));
        }
        return e;
    }

    /** The grasp point's waypoint at frame {@code f}. */
    static Waypoint at(Plan plan, int[] edges, int f) {
        Waypoint from = plan.start();
        for (int i = 0; i < plan.segments().size(); i++) {
            Segment s = plan.segments().get(i);
            if (f < edges[i + 1]) {
                double tau = (f - edges[i]) / (double) (edges[i + 1] - edges[i]);
                double k = MinimumJerk.position(tau);
                return new Waypoint(from.angle() + (s.to().angle() - from.angle()) * k,
                        from.radius() + (s.to().radius() - from.radius()) * k,
                        from.z() + (s.to().z() - from.z()) * k,
                        from.relYaw() + (s.to().relYaw() - from.relYaw()) * k);
            }
            from = s.to();
        }
        return from;
    }

    /** tool0's pose for a grasp-point waypoint (top-down). */
    static Pose tool0(Waypoint w) {
        double x = w.radius() * Math.cos(w.angle()), y = w.radius() * Math.sin(w.angle());
        return Ur5eIk.topDown(new Vec3(x, y, w.z() + Gripper.GRASP_DEPTH), w.angle() + w.relYaw());
    }

    /** Joint angles for every frame (the last frame holds the final waypoint), or empty if unreachable. */
    static Optional<double[][]> solve(Plan plan) {
        int[] e = edges(plan);
        int frames = e[e.length - 1] + 1;
        double[][] q = new double[frames][];
        Waypoint s = plan.start();
        double[] prev = {s.angle(), -Math.PI / 2, Math.PI / 2, -Math.PI / 2, -Math.PI / 2, 0};
        for (int f = 0; f < frames; f++) {
            Optional<double[]> sol = Ur5eIk.solveNear(tool0(at(plan, e, f)), prev);
            if (sol.isEmpty()) {
                return Optional.empty();
            }
            q[f] = sol.get();
            prev = q[f];
        }
        return Optional.of(q);
    }

    static double maxStep(double[][] q) {
        double m = 0;
        for (int f = 1; f < q.length; f++) {
            for (int j = 0; j < Ur5e.JOINTS; j++) {
                m = Math.max(m, Math.abs(q[f][j] - q[f - 1][j]));
            }
        }
        return m;
    }

    /** Runs the plan: gripper, object and button follow the arm; the outcome is measured at the end. */
    static Motion simulate(Scene scene, Plan plan, double[][] q) {
        int frames = q.length;
        int[] e = edges(plan);
        double[] command = new double[frames];
        double g = 0;
        int attachFrame = -1, detachFrame = -1;
        for (int i = 0; i < plan.segments().size(); i++) {
            Segment s = plan.segments().get(i);
            for (int f = e[i]; f < e[i + 1]; f++) {
                command[f] = MinimumJerk.interpolate(g, s.gripper(), (f - e[i]) / (double) (e[i + 1] - e[i]));
            }
            g = s.gripper();
            if (s.event() == Event.ATTACH) {
                attachFrame = e[i + 1];
            } else if (s.event() == Event.DETACH) {
                detachFrame = e[i + 1];
            }
        }
        command[frames - 1] = g;
        Prop obj = scene.object.prop();
        // The measured gripper lags the command by two frames and stops on the object it closes on.
        double[] state = new double[frames];
        double contact = Gripper.stateAtWidth(obj.gripWidth());
        int closingFrom = attachFrame < 0 ? Integer.MAX_VALUE : e[indexOf(plan, Event.ATTACH)];
        for (int f = 0; f < frames; f++) {
            double lagged = command[Math.max(0, f - 2)];
            boolean holding = !scene.pressTask() && f >= closingFrom;
            state[f] = holding ? Math.min(lagged, contact) : lagged;
        }

        Pose[] objectPose = new Pose[frames];
        double[] depth = new double[frames];
        Pose rest = scene.object.pose();
        Pose rel = null;
        Pose released = null;
        for (int f = 0; f < frames; f++) {
            Pose tool = Ur5e.tool0(q[f]);
            if (scene.pressTask()) {
                objectPose[f] = rest;
                depth[f] = pressDepth(scene, tool);
                continue;
            }
            if (f == attachFrame) {
                rel = tool.inverse().times(rest);
            }
            if (rel != null && (detachFrame < 0 || f < detachFrame)) {
                objectPose[f] = tool.times(rel);
            } else if (rel != null) {
                if (released == null) {
                    released = tool.times(rel);
                }
                objectPose[f] = fall(scene, released, (f - detachFrame) / FPS);
            } else {
                objectPose[f] = rest;
            }
        }
        KeyFrames keys;
        if (scene.pressTask()) {
            int deepest = 0;
            for (int f = 0; f < frames; f++) {
                if (depth[f] > depth[deepest]) {
                    deepest = f;
                }
            }
            int letGo = deepest;
            while (letGo < frames - 1 && depth[letGo] > 0) {
                letGo++;
            }
            keys = new KeyFrames(0, deepest, letGo, frames - 1);
        } else {
            keys = new KeyFrames(0, attachFrame, detachFrame, frames - 1);
        }
        return new Motion(q, command, state, objectPose, depth, outcome(scene, objectPose, depth, q, released != null), keys);
    }

    private static int indexOf(Plan plan, Event event) {
        for (int i = 0; i < plan.segments().size(); i++) {
            if (plan.segments().get(i).event() == event) {
                return i;
            }
        }
        return -1;
    }

    /** How far the fingertips push the button in at this tool pose (0 when not on it). */
    static double pressDepth(Scene scene, Pose tool) {
        Prop b = scene.object.prop();
        Vec3 c = scene.object.pose().translation();
        Vec3 tip = tool.apply(new Vec3(0, 0, Gripper.FINGERTIP_DEPTH));
        if (Math.hypot(tip.x() - c.x(), tip.y() - c.y()) > 0.03) {
            return 0;
        }
        return Math.max(0, Math.min(0.01, c.z() + b.surface() - tip.z()));
    }

    /** The released object after falling {@code seconds} onto whatever is under it. */
    static Pose fall(Scene scene, Pose released, double seconds) {
        Vec3 p = released.translation();
        double floor = supportHeight(scene, p.x(), p.y());
        double z = Math.max(floor, p.z() - 0.5 * GRAVITY * seconds * seconds);
        return new Pose(released.rotation(), new Vec3(p.x(), p.y(), z));
    }

    /** The height an object comes to rest at over (x, y): the target's surface on the target, else the table. */
    static double supportHeight(Scene scene, double x, double y) {
        Vec3 t = scene.target.pose().translation();
        Prop tgt = scene.target.prop();
        double reach = tgt.kind() == PropKind.BUCKET ? 0.093 : tgt.footprint();
        return Math.hypot(x - t.x(), y - t.y()) <= reach ? t.z() + tgt.surface() : 0;
    }

    private static Outcome outcome(Scene scene, Pose[] objectPose, double[] depth, double[][] q, boolean released) {
        if (scene.pressTask()) {
            int deepest = 0;
            for (int f = 0; f < depth.length; f++) {
                if (depth[f] > depth[deepest]) {
                    deepest = f;
                }
            }
            Vec3 c = scene.object.pose().translation();
            Vec3 tip = Ur5e.tool0(q[deepest]).apply(new Vec3(0, 0, Gripper.FINGERTIP_DEPTH));
            double off = Math.hypot(tip.x() - c.x(), tip.y() - c.y());
            double tolerance = scene.object.prop().placeTolerance();
            return new Outcome(depth[deepest] >= Outcome.PRESS_DEPTH && off <= tolerance, off, tolerance, 0, true);
        }
        Vec3 end = objectPose[objectPose.length - 1].translation();
        Vec3 t = scene.target.pose().translation();
        Prop tgt = scene.target.prop();
        double distance = Math.hypot(end.x() - t.x(), end.y() - t.y());
        double heightError = Math.abs(end.z() - (t.z() + tgt.surface()));
        boolean ok = released && distance <= tgt.placeTolerance() && heightError <= Outcome.HEIGHT_TOLERANCE;
        return new Outcome(ok, distance, tgt.placeTolerance(), heightError, released);
    }
}
