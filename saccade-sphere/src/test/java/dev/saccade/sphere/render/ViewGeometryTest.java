package dev.saccade.sphere.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.Equirect;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.TestPattern;
import dev.saccade.sphere.TestPattern.Marker;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.lens.ImagePoint;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.lens.PinholeLens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where things land in rendered views: the seam, the poles, known markers, and tiny fields of view. */
class ViewGeometryTest {
    static final EquirectFrame SAMPLE = TestPattern.sample(512);
    static final double MARKER_RADIUS = Math.toRadians(4);   // several view pixels wide, so pixel quantisation barely moves centroids
    static final Marker[] MARKERS = markers();
    static final MipChain MARKED = MipChain.of(TestPattern.withMarkers(1024, MARKERS), 1);

    /** Distinct colours at known directions, moved to frame pixel centres (of a 2048×1024 frame) so the drawn discs are symmetric. */
    private static Marker[] markers() {
        int height = 1024;
        int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF};
        double[][] at = {{40, 20}, {62, 31}, {15, 8}, {35, -12}, {80, 45}, {-5, 50}};
        Marker[] markers = new Marker[at.length];
        for (int m = 0; m < at.length; m++) {
            double lon = Equirect.longitude(Math.round(Equirect.column(Math.toRadians(at[m][0]), 2 * height)), 2 * height);
            double lat = Equirect.latitude(Math.round(Equirect.row(Math.toRadians(at[m][1]), height)), height);
            markers[m] = new Marker(lon, lat, MARKER_RADIUS, colours[m]);
        }
        return markers;
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void viewCentredOnTheSeamEqualsTheSameViewOfTheFrameTurnedHalfARound(Kernel kernel) {
        EquirectFrame frame = Frames.noise(256, 3);
        MipChain original = MipChain.of(frame);
        MipChain turned = MipChain.of(Frames.rolledHalfTurn(frame));
        for (Antialias aa : Antialias.values()) {
            ViewRenderer view = new ViewRenderer(RayTable.of(PinholeLens.square(Math.toRadians(40), 48)), aa, kernel);
            float[] atSeam = new float[view.floats()];
            float[] awayFromSeam = new float[view.floats()];
            view.render(original, Gaze.ofDegrees(180, 12), atSeam, 0);
            view.render(turned, Gaze.ofDegrees(0, 12), awayFromSeam, 0);
            assertEquals(0, Frames.maxDiff(atSeam, awayFromSeam), 1e-3, aa + ": the seam changes the view");
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void viewCentredOnTheSeamHasNoDiscontinuity(Kernel kernel) {
        // On a frame whose colour varies smoothly over the sphere, the seam runs down the middle of a
        // view at yaw 180°, between columns 31 and 32. The step there must be like its neighbours'.
        int s = 64;
        ViewRenderer view = new ViewRenderer(RayTable.of(PinholeLens.square(Math.toRadians(60), s)), Antialias.OFF, kernel);
        float[] out = new float[view.floats()];
        view.render(MipChain.of(Frames.smooth(256)), Gaze.ofDegrees(180, 0), out, 0);
        double[] step = new double[s - 1];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < s; row++) {
                for (int col = 0; col + 1 < s; col++) {
                    int p = c * s * s + row * s + col;
                    step[col] = Math.max(step[col], Math.abs(out[p + 1] - out[p]));
                }
            }
        }
        double neighbours = Math.max(step[29], Math.max(step[30], Math.max(step[32], step[33])));
        assertTrue(step[31] <= 1.05 * neighbours + 1e-4, "step across the seam " + step[31] + " vs neighbours " + neighbours);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void polesRenderTheCapMarkerRoundAndCentred(Kernel kernel) {
        // The sample panorama has a white disc of 4° radius at the zenith and a black one at the nadir.
        int s = 64;
        PinholeLens lens = PinholeLens.square(Math.toRadians(30), s);
        ViewRenderer view = new ViewRenderer(RayTable.of(lens), Antialias.OFF, kernel);
        MipChain chain = MipChain.of(SAMPLE, 1);
        double expectedArea = Math.PI * Math.pow(lens.focal() * Math.tan(Math.toRadians(4)), 2);
        for (int pole : new int[] {90, -90}) {
            float[] out = new float[view.floats()];
            view.render(chain, Gaze.ofDegrees(25, pole), out, 0);
            double n = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            for (int p = 0; p < s * s; p++) {
                float r = out[p];
                float g = out[s * s + p];
                float b = out[2 * s * s + p];
                assertTrue(Float.isFinite(r) && Float.isFinite(g) && Float.isFinite(b));
                // Count a pixel when it is over halfway from the background to the disc colour.
                boolean inDisc = pole > 0 ? Math.min(r, Math.min(g, b)) > 0.75f : Math.max(r, Math.max(g, b)) < 0.08f;
                if (inDisc) {
                    int x = p % s;
                    int y = p / s;
                    n++;
                    sx += x;
                    sy += y;
                    sxx += (double) x * x;
                    syy += (double) y * y;
                }
            }
            double cx = sx / n;
            double cy = sy / n;
            assertEquals(31.5, cx, 0.25, "disc centred horizontally at pole " + pole);
            assertEquals(31.5, cy, 0.25, "disc centred vertically at pole " + pole);
            assertEquals(expectedArea, n, 0.1 * expectedArea, "disc area at pole " + pole);
            double varX = sxx / n - cx * cx;
            double varY = syy / n - cy * cy;
            assertEquals(1, varX / varY, 0.05, "disc is round at pole " + pole);
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void atAPoleYawTurnsTheImageAboutItsCentre(Kernel kernel) {
        // At pitch +90°, pixel (a, b) from the centre looks along (a, F, b) at yaw 0 and along (b, F, −a)
        // at yaw 90°: the yaw-90° view's pixel (i, j) is the yaw-0° view's pixel (j, S−1−i).
        int s = 32;
        ViewRenderer view = new ViewRenderer(RayTable.of(PinholeLens.square(Math.toRadians(50), s)), Antialias.OFF, kernel);
        MipChain chain = MipChain.of(Frames.noise(256, 11), 1);
        float[] yaw0 = new float[view.floats()];
        float[] yaw90 = new float[view.floats()];
        view.render(chain, Gaze.ofDegrees(0, 90), yaw0, 0);
        view.render(chain, Gaze.ofDegrees(90, 90), yaw90, 0);
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < s; j++) {
                for (int i = 0; i < s; i++) {
                    assertEquals(yaw0[c * s * s + (s - 1 - i) * s + j], yaw90[c * s * s + j * s + i], 2e-3,
                            "pixel (" + i + ", " + j + ") channel " + c);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void markersLandWherePinholeAndFisheyeLensesProjectThem(Kernel kernel) {
        // Markers sit on frame pixel centres so the drawn discs are symmetric. The expected pixels of
        // a marker are those whose ray, per the lens and the gaze camera in double precision, falls
        // inside the disc; the rendered ones are those showing its colour.
        Marker[] markers = MARKERS;
        MipChain chain = MARKED;
        double r = MARKER_RADIUS;
        Gaze gaze = Gaze.ofDegrees(40, 20);
        Lens[] lenses = {new PinholeLens(Math.toRadians(100), 256, 192), FisheyeLensTestLenses.eyeRobotScaled(4)};
        for (Lens lens : lenses) {
            ViewRenderer view = new ViewRenderer(RayTable.of(lens), Antialias.OFF, kernel);
            float[] out = new float[view.floats()];
            view.render(chain, gaze, out, 0);
            Vec3[] world = worldRays(lens, gaze);
            int seen = 0;
            for (Marker m : markers) {
                Vec3 centre = Sphere.direction(m.lon(), m.lat());
                Vec3 camera = new Vec3(centre.dot(gaze.right()), -centre.dot(gaze.up()), centre.dot(gaze.forward()));
                ImagePoint projected = lens.project(camera).orElseThrow();
                if (projected.u() < 10 || projected.v() < 10 || projected.u() > lens.width() - 10 || projected.v() > lens.height() - 10) {
                    continue;
                }
                boolean[] expected = insideDisc(world, centre, r);
                boolean[] rendered = showing(out, lens.width() * lens.height(), m.rgb());
                double[] e = centroid(expected, lens.width());
                double[] got = centroid(rendered, lens.width());
                String what = lens + ": marker " + Integer.toHexString(m.rgb());
                // Perspective shifts a disc's centroid a little off its centre's projection (< 1 px here).
                assertEquals(projected.u(), e[0], 1.0, what + ": the lens projects the centre into its disc");
                assertEquals(projected.v(), e[1], 1.0, what + ": the lens projects the centre into its disc");
                assertEquals(e[0], got[0], 0.2, what + " column");
                assertEquals(e[1], got[1], 0.2, what + " row");
                assertTrue(overlap(expected, rendered) > 0.85, what + ": rendered disc covers the expected pixels");
                seen++;
            }
            assertTrue(seen >= 4, lens + " saw only " + seen + " markers");
        }
    }

    /** The world ray of every pixel, in double precision, from the lens and the gaze camera of DESIGN.md §3. */
    private static Vec3[] worldRays(Lens lens, Gaze gaze) {
        Vec3[] rays = new Vec3[lens.width() * lens.height()];
        for (int j = 0; j < lens.height(); j++) {
            for (int i = 0; i < lens.width(); i++) {
                Vec3 c = lens.ray(i, j).orElseThrow();
                rays[j * lens.width() + i] = gaze.right().times(c.x()).plus(gaze.up().times(-c.y())).plus(gaze.forward().times(c.z()));
            }
        }
        return rays;
    }

    /** Pixels whose world ray is within {@code r} of {@code centre}. */
    private static boolean[] insideDisc(Vec3[] world, Vec3 centre, double r) {
        boolean[] in = new boolean[world.length];
        double cos = Math.cos(r);
        for (int p = 0; p < world.length; p++) {
            in[p] = world[p].dot(centre) >= cos * world[p].norm();
        }
        return in;
    }

    /** Pixels within 60 levels per channel of {@code rgb}. */
    private static boolean[] showing(float[] out, int n, int rgb) {
        boolean[] in = new boolean[n];
        for (int p = 0; p < n; p++) {
            in[p] = Math.abs(out[p] * 255 - ((rgb >> 16) & 255)) < 60
                    && Math.abs(out[n + p] * 255 - ((rgb >> 8) & 255)) < 60
                    && Math.abs(out[2 * n + p] * 255 - (rgb & 255)) < 60;
        }
        return in;
    }

    private static double[] centroid(boolean[] in, int w) {
        double count = 0;
        double sx = 0;
        double sy = 0;
        for (int p = 0; p < in.length; p++) {
            if (in[p]) {
                count++;
                sx += p % w;
                sy += p / w;
            }
        }
        assertTrue(count > 10, "disc not found");
        return new double[] {sx / count, sy / count};
    }

    /** Intersection over union. */
    private static double overlap(boolean[] a, boolean[] b) {
        int both = 0;
        int either = 0;
        for (int p = 0; p < a.length; p++) {
            both += a[p] && b[p] ? 1 : 0;
            either += a[p] || b[p] ? 1 : 0;
        }
        return (double) both / either;
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void narrowFieldOfViewEqualsDirectBilinearLookup(Kernel kernel) {
        // A ½° view is a tiny tangent plane: pixel (i, j) looks at the frame point offset from the
        // gaze by (i − c, j − c) view pixels, each k frame pixels wide (k/cos(lat) along a row).
        EquirectFrame frame = Frames.noise(1024, 5);
        MipChain chain = MipChain.of(frame, 1);
        int s = 24;
        double fov = Math.toRadians(0.5);
        ViewRenderer view = new ViewRenderer(RayTable.of(PinholeLens.square(fov, s)), Antialias.OFF, kernel);
        float[] out = new float[view.floats()];
        float[] rgb = new float[3];
        for (double[] at : new double[][] {{123.4, 0}, {-67.0, 30}, {179.9, -20}}) {
            Gaze gaze = Gaze.ofDegrees(at[0], at[1]);
            view.render(chain, gaze, out, 0);
            double col0 = Equirect.column(gaze.yaw(), frame.width());
            double row0 = Equirect.row(gaze.pitch(), frame.height());
            double k = (2 * Math.tan(fov / 2) / s) / (2 * Math.PI / frame.width());
            double c = (s - 1) / 2.0;
            double worst = 0;
            for (int j = 0; j < s; j++) {
                for (int i = 0; i < s; i++) {
                    double row = row0 + (j - c) * k;
                    double lat = Equirect.latitude(row, frame.height());
                    frame.sampleAt(col0 + (i - c) * k / Math.cos(lat), row, rgb);
                    for (int ch = 0; ch < 3; ch++) {
                        worst = Math.max(worst, Math.abs(out[ch * s * s + j * s + i] - rgb[ch] / 255));
                    }
                }
            }
            assertTrue(worst < 1.0 / 255, "gaze " + gaze + ": view and direct lookup differ by " + worst * 255 + "/255");
        }
    }
}
