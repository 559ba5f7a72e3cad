package dev.saccade.data.robot;

import dev.saccade.sphere.Rotation;
import dev.saccade.sphere.Vec3;

/** A rigid transform: {@code p ↦ rotation·p + translation}. Lengths in metres. */
public record Pose(Rotation rotation, Vec3 translation) {
    public static final Pose IDENTITY = new Pose(Rotation.IDENTITY, new Vec3(0, 0, 0));

    /** {@code this ∘ o}: apply {@code o} first, then this. */
    public Pose times(Pose o) {
        return new Pose(rotation.times(o.rotation), rotation.apply(o.translation).plus(translation));
    }

    public Vec3 apply(Vec3 p) {
        return rotation.apply(p).plus(translation);
    }

    public Pose inverse() {
        Rotation rt = rotation.transpose();
        return new Pose(rt, rt.apply(translation).times(-1));
    }

    /** URDF origin: translate by {@code xyz}, rotate by roll-pitch-yaw {@code Rz(y)·Ry(p)·Rx(r)}. */
    public static Pose urdf(double x, double y, double z, double roll, double pitch, double yaw) {
        Rotation r = Rotation.about(Vec3.Z, yaw).times(Rotation.about(Vec3.Y, pitch)).times(Rotation.about(Vec3.X, roll));
        return new Pose(r, new Vec3(x, y, z));
    }
}
