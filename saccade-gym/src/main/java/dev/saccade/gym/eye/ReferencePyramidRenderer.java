package dev.saccade.gym.eye;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Vec3;

/**
 * Renders a pyramid with the scalar reference sampler {@link EquirectFrame#sample}: plain bilinear,
 * no anti-aliasing. Interim: the gym switches to saccade-sphere's fast pyramid renderer when it
 * lands. Output is CHW floats in [0, 1], level-major {@code [level][channel][row][col]}.
 * Thread-confined (it keeps a scratch buffer).
 */
public final class ReferencePyramidRenderer {
    private final PyramidSpec spec;
    /** Per level, per pixel: the camera-frame ray (x right, y up, z forward), unit length. */
    private final double[][] rays;
    private final float[] rgb = new float[3];

    public ReferencePyramidRenderer(PyramidSpec spec) {
        this.spec = spec;
        int s = spec.size();
        rays = new double[spec.levels()][3 * s * s];
        for (int l = 0; l < spec.levels(); l++) {
            double focal = (s / 2.0) / Math.tan(spec.fieldOfView(l) / 2);
            for (int j = 0; j < s; j++) {
                for (int i = 0; i < s; i++) {
                    double x = i + 0.5 - s / 2.0;
                    double y = -(j + 0.5 - s / 2.0);
                    double n = Math.sqrt(x * x + y * y + focal * focal);
                    int p = 3 * (j * s + i);
                    rays[l][p] = x / n;
                    rays[l][p + 1] = y / n;
                    rays[l][p + 2] = focal / n;
                }
            }
        }
    }

    public PyramidSpec spec() {
        return spec;
    }

    /** Writes the pyramid seen from {@code gaze} into {@code out[offset … offset + spec.floats())}. */
    public void render(EquirectFrame frame, Gaze gaze, float[] out, int offset) {
        Vec3 f = gaze.forward();
        Vec3 r = gaze.right();
        Vec3 u = gaze.up();
        int s = spec.size();
        int plane = s * s;
        for (int l = 0; l < spec.levels(); l++) {
            double[] ray = rays[l];
            int base = offset + l * 3 * plane;
            for (int p = 0; p < plane; p++) {
                double cx = ray[3 * p];
                double cy = ray[3 * p + 1];
                double cz = ray[3 * p + 2];
                double dx = cx * r.x() + cy * u.x() + cz * f.x();
                double dy = cx * r.y() + cy * u.y() + cz * f.y();
                double dz = cx * r.z() + cy * u.z() + cz * f.z();
                frame.sample(Math.atan2(dx, dz), Math.atan2(dy, Math.hypot(dx, dz)), rgb);
                out[base + p] = rgb[0] / 255f;
                out[base + plane + p] = rgb[1] / 255f;
                out[base + 2 * plane + p] = rgb[2] / 255f;
            }
        }
    }
}
