package dev.saccade.sphere.lens;

import dev.saccade.sphere.Vec3;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kannala–Brandt fisheye model of OpenCV's {@code cv::fisheye}, exactly as in DESIGN.md §3, so an
 * OpenCV calibration ({@code K = [fx 0 cx; 0 fy cy]}, {@code D = [k1 k2 k3 k4]}) loads unchanged.
 *
 * <p>Forward: a camera-frame ray {@code (x, y, z)} makes the angle {@code θ = atan2(hypot(x, y), z)}
 * with the optical axis, is distorted to {@code r_d = θ(1 + k1θ² + k2θ⁴ + k3θ⁶ + k4θ⁸)}, and lands on
 * {@code (fx·r_d·x/hypot(x,y) + cx, fy·r_d·y/hypot(x,y) + cy)}, OpenCV's pixel convention (pixel
 * {@code (i, j)} is centred at {@code (i, j)}).
 *
 * <p>Inverse (for ray tables): {@code (m_x, m_y) = ((u − cx)/fx, (v − cy)/fy)}, {@code r_d = |m|}, and
 * θ solves {@code r_d(θ) = r_d} by Newton's method safeguarded by bisection on {@code [0, θ_max]}, where
 * {@code θ_max ≤ π} is the largest angle up to which {@code r_d(θ)} keeps increasing (the lens' image
 * circle). Newton starts from {@code θ = r_d}, exact for an equidistant lens, and converges in a few
 * steps for real calibrations; the bracket guarantees it never leaves the monotonic branch. Positions
 * beyond {@code r_d(θ_max)} see nothing: their ray is empty and renderers draw them black. Unlike
 * OpenCV's {@code undistortPoints} (which clips θ to 90°), angles beyond 90° are kept, so lenses wider
 * than 180° work.
 */
public final class FisheyeLens implements Lens {
    private final double fx;
    private final double fy;
    private final double cx;
    private final double cy;
    private final double k1;
    private final double k2;
    private final double k3;
    private final double k4;
    private final int width;
    private final int height;
    private final double maxTheta;

    /** A calibrated fisheye view of {@code width × height}; focal lengths and centre in pixels. */
    public FisheyeLens(double fx, double fy, double cx, double cy,
                       double k1, double k2, double k3, double k4, int width, int height) {
        double[] all = {fx, fy, cx, cy, k1, k2, k3, k4};
        for (double a : all) {
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("fisheye parameters must be finite, got " + java.util.Arrays.toString(all));
            }
        }
        if (!(fx > 0 && fy > 0)) {
            throw new IllegalArgumentException("fisheye focal lengths must be positive, got fx " + fx + ", fy " + fy);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("view size must be positive, got " + width + "×" + height);
        }
        this.fx = fx;
        this.fy = fy;
        this.cx = cx;
        this.cy = cy;
        this.k1 = k1;
        this.k2 = k2;
        this.k3 = k3;
        this.k4 = k4;
        this.width = width;
        this.height = height;
        this.maxTheta = monotonicLimit();
    }

    /**
     * An ideal equidistant fisheye ({@code r = f·θ}, no distortion) whose image spans {@code hfov}
     * radians horizontally through its centre; {@code hfov} may exceed π (up to 2π).
     */
    public static FisheyeLens equidistant(double hfov, int width, int height) {
        if (!(hfov > 0 && hfov <= 2 * Math.PI)) {
            throw new IllegalArgumentException("fisheye field of view must be in (0°, 360°], got " + Math.toDegrees(hfov) + "°");
        }
        double f = width / 2.0 / (hfov / 2);
        return new FisheyeLens(f, f, (width - 1) / 2.0, (height - 1) / 2.0, 0, 0, 0, 0, width, height);
    }

    /** The distorted radius {@code r_d(θ)} of a ray at angle θ from the optical axis. */
    public double distort(double theta) {
        double t2 = theta * theta;
        return theta * (1 + t2 * (k1 + t2 * (k2 + t2 * (k3 + t2 * k4))));
    }

    private double distortSlope(double theta) {
        double t2 = theta * theta;
        return 1 + t2 * (3 * k1 + t2 * (5 * k2 + t2 * (7 * k3 + t2 * 9 * k4)));
    }

    /** θ whose distorted radius is {@code rd} (Newton, safeguarded), or NaN beyond the image circle. */
    public double undistort(double rd) {
        if (!(rd >= 0) || rd > distort(maxTheta)) {
            return Double.NaN;
        }
        double lo = 0;
        double hi = maxTheta;
        double theta = Math.min(rd, hi);
        for (int i = 0; i < 100; i++) {
            double f = distort(theta) - rd;
            if (f == 0) {
                break;
            }
            if (f > 0) {
                hi = theta;
            } else {
                lo = theta;
            }
            double next = theta - f / distortSlope(theta);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);   // Newton left the bracket: bisect instead
            }
            if (Math.abs(next - theta) <= 1e-15 * Math.max(1, theta)) {
                theta = next;
                break;
            }
            theta = next;
        }
        return theta;
    }

    /** The largest angle (at most π) up to which {@code r_d(θ)} increases: the edge of the image circle. */
    public double maxTheta() {
        return maxTheta;
    }

    private double monotonicLimit() {
        int steps = 4096;
        double prev = 0;
        for (int s = 1; s <= steps; s++) {
            double t = Math.PI * s / steps;
            if (!(distortSlope(t) > 0)) {
                double lo = prev;
                double hi = t;
                for (int i = 0; i < 60; i++) {
                    double mid = 0.5 * (lo + hi);
                    if (distortSlope(mid) > 0) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            }
            prev = t;
        }
        return Math.PI;
    }

    @Override
    public Optional<Vec3> ray(double u, double v) {
        double mx = (u - cx) / fx;
        double my = (v - cy) / fy;
        double rd = Math.hypot(mx, my);
        if (rd == 0) {
            return Optional.of(Vec3.Z);
        }
        double theta = undistort(rd);
        if (Double.isNaN(theta)) {
            return Optional.empty();
        }
        double s = Math.sin(theta) / rd;
        return Optional.of(new Vec3(mx * s, my * s, Math.cos(theta)));
    }

    @Override
    public Optional<ImagePoint> project(Vec3 d) {
        double n = Math.hypot(d.x(), d.y());
        double theta = Math.atan2(n, d.z());
        if (theta > maxTheta || (n == 0 && !(d.z() > 0))) {
            return Optional.empty();
        }
        if (n == 0) {
            return Optional.of(new ImagePoint(cx, cy));
        }
        double rd = distort(theta);
        return Optional.of(new ImagePoint(fx * rd * d.x() / n + cx, fy * rd * d.y() / n + cy));
    }

    /** Horizontal field through the principal point: the angles of the left and right image edges. */
    @Override
    public double horizontalFov() {
        double left = undistort(Math.abs(-0.5 - cx) / fx);
        double right = undistort(Math.abs(width - 0.5 - cx) / fx);
        return (Double.isNaN(left) ? maxTheta : left) + (Double.isNaN(right) ? maxTheta : right);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    public double fx() {
        return fx;
    }

    public double fy() {
        return fy;
    }

    public double cx() {
        return cx;
    }

    public double cy() {
        return cy;
    }

    /** The distortion coefficients {@code [k1, k2, k3, k4]} (a fresh copy). */
    public double[] k() {
        return new double[] {k1, k2, k3, k4};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FisheyeLens l && fx == l.fx && fy == l.fy && cx == l.cx && cy == l.cy
                && k1 == l.k1 && k2 == l.k2 && k3 == l.k3 && k4 == l.k4 && width == l.width && height == l.height;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fx, fy, cx, cy, k1, k2, k3, k4, width, height);
    }

    @Override
    public String toString() {
        return "FisheyeLens[fx=" + fx + ", fy=" + fy + ", cx=" + cx + ", cy=" + cy + ", k=[" + k1 + ", " + k2 + ", "
                + k3 + ", " + k4 + "], " + width + "×" + height + "]";
    }
}
