package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;
import dev.saccade.sphere.Rotation;
import dev.saccade.sphere.Vec3;

/**
 * A shape's local frame as plain doubles (rotation row-major, then translation), for the hot path:
 * base-frame rays go in with {@code local*}, local normals come out with {@code world*}.
 */
final class Frame {
    final double r00, r01, r02, r10, r11, r12, r20, r21, r22, tx, ty, tz;

    Frame(Pose pose) {
        Rotation r = pose.rotation();
        Vec3 t = pose.translation();
        r00 = r.m00(); r01 = r.m01(); r02 = r.m02();
        r10 = r.m10(); r11 = r.m11(); r12 = r.m12();
        r20 = r.m20(); r21 = r.m21(); r22 = r.m22();
        tx = t.x(); ty = t.y(); tz = t.z();
    }

    // Local coordinates: Rᵀ·v for a direction v, Rᵀ·(p − t) for a point p (pass p − t).
    double localX(double x, double y, double z) {
        return r00 * x + r10 * y + r20 * z;
    }

    double localY(double x, double y, double z) {
        return r01 * x + r11 * y + r21 * z;
    }

    double localZ(double x, double y, double z) {
        return r02 * x + r12 * y + r22 * z;
    }

    double worldX(double x, double y, double z) {
        return r00 * x + r01 * y + r02 * z;
    }

    double worldY(double x, double y, double z) {
        return r10 * x + r11 * y + r12 * z;
    }

    double worldZ(double x, double y, double z) {
        return r20 * x + r21 * y + r22 * z;
    }
}
