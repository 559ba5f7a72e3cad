package dev.saccade.data.synth;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.data.Task;
import dev.saccade.sphere.Equirect;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EpisodeRendererTest {
    @ParameterizedTest
    @EnumSource(Task.class)
    void renderingOnlyWhatMovesEqualsRenderingEverything(Task task) {
        SyntheticEpisode e = EpisodeGenerator.generate(task, 21, new SceneOptions(160, 5));
        EpisodeRenderer r = e.renderer();
        int n = e.width() * e.height();
        for (int f : new int[] {0, e.frames() / 3, e.frames() / 2, e.frames() - 1}) {
            int[] fast = new int[n], slow = new int[n];
            byte[] fastLabels = new byte[n], slowLabels = new byte[n];
            r.render(f, fast, fastLabels);
            r.renderNaive(f, slow, slowLabels);
            assertArrayEquals(slow, fast, task + " frame " + f);
            assertArrayEquals(slowLabels, fastLabels, task + " frame " + f);
        }
    }

    @Test
    void framesWhoseSizeIsNoMultipleOfATileRenderTheSame() {
        for (int width : new int[] {18, 50, 202}) {
            SyntheticEpisode e = EpisodeGenerator.generate(Task.BRUSH_TRAY, 6, new SceneOptions(width, 3));
            EpisodeRenderer r = e.renderer();
            int n = e.width() * e.height();
            for (int f = 0; f < e.frames(); f += e.frames() / 5) {
                int[] fast = new int[n], slow = new int[n];
                r.render(f, fast, null);
                r.renderNaive(f, slow, null);
                assertArrayEquals(slow, fast, width + " wide, frame " + f);
            }
        }
    }

    @Test
    void framesDoNotDependOnThreads() throws Exception {
        SyntheticEpisode e = EpisodeGenerator.generate(Task.WOOD_SQUARE, 2, new SceneOptions(128, 4));
        Backdrop sequential = Backdrop.render(e.scene(), new RayGrid(128, 64), false);
        Backdrop parallel = e.backdrop();
        assertArrayEquals(sequential.rgb, parallel.rgb);
        assertArrayEquals(sequential.unlit, parallel.unlit);
        int[][] alone = new int[e.frames()][];
        EpisodeRenderer r = e.renderer();
        for (int f = 0; f < e.frames(); f += 10) {
            alone[f] = r.render(f).pixels();
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            java.util.List<Future<int[]>> jobs = new java.util.ArrayList<>();
            for (int f = 0; f < e.frames(); f += 10) {
                int frame = f;
                jobs.add(pool.submit(() -> e.render(frame).pixels()));
            }
            for (int i = 0, f = 0; f < e.frames(); f += 10, i++) {
                assertArrayEquals(alone[f], jobs.get(i).get(), "frame " + f);
            }
        } finally {
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void annotationsAgreeWithThePixels(Task task) {
        int width = 512, height = 256;
        int checked = 0, onObject = 0, gripperSeen = 0, frames = 0;
        for (long seed = 0; seed < 3; seed++) {
            SyntheticEpisode e = EpisodeGenerator.generate(task, seed, new SceneOptions(width, 4));
            EpisodeRenderer r = e.renderer();
            float[][] object = e.objectAnnotation(), target = e.targetAnnotation(), gripper = e.gripperAnnotation();
            int[] rgb = new int[width * height];
            byte[] labels = new byte[width * height];
            for (int f = 0; f < e.frames(); f += e.frames() / 6) {
                r.render(f, rgb, labels);
                String where = task + " seed " + seed + " frame " + f;
                // Every labelled pixel lies within the annotated angular radius (plus a pixel).
                assertWithin(labels, width, height, Label.OBJECT, object[f], where + " object");
                gripperSeen += assertWithin(labels, width, height, Label.GRIPPER, gripper[f], where + " gripper") > 0 ? 1 : 0;
                frames++;
                if (task != Task.ESTOP_PRESS) {
                    assertWithin(labels, width, height, Label.TARGET, target[f], where + " target");
                }
                // The annotated direction lands on the object unless the arm is in front of it.
                Label at = labelAt(labels, width, height, object[f]);
                if (at != Label.ROBOT && at != Label.GRIPPER) {
                    checked++;
                    boolean inBucket = task == Task.TOWEL_BUCKET && at == Label.TARGET
                            && ScriptedExpert.supportHeight(e.scene(), e.motion().objectPose()[f].translation().x(),
                                    e.motion().objectPose()[f].translation().y()) > 0;
                    if (at == Label.OBJECT || inBucket) { // a towel in the bucket may hide behind its wall
                        onObject++;
                    }
                }
                Label t = labelAt(labels, width, height, target[f]);
                if (task != Task.ESTOP_PRESS && t != Label.ROBOT && t != Label.GRIPPER && t != Label.OBJECT) {
                    assertEquals(Label.TARGET, t, where + ": the target's annotated direction shows " + t);
                }
            }
        }
        assertTrue(checked >= 6, task + ": the object was in view in only " + checked + " frames");
        assertTrue(gripperSeen >= 0.7 * frames, task + ": the gripper was in view in " + gripperSeen + " of " + frames + " frames");
        assertTrue(onObject >= 0.95 * checked, task + ": the object's direction showed the object in " + onObject + " of " + checked);
    }

    private static Label labelAt(byte[] labels, int width, int height, float[] a) {
        int x = (int) Math.round(Equirect.column(a[0], width));
        int y = (int) Math.round(Equirect.row(a[1], height));
        return Label.values()[labels[Math.floorMod(y, height) * width + Math.floorMod(x, width)]];
    }

    /** Asserts every pixel labelled {@code label} lies within the annotation's radius; returns how many there are. */
    private static int assertWithin(byte[] labels, int width, int height, Label label, float[] a, String where) {
        Vec3 centre = Sphere.direction(a[0], a[1]);
        double pixel = Math.PI / height;
        int count = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (labels[y * width + x] == label.code()) {
                    count++;
                    double angle = Sphere.direction(Equirect.longitude(x, width), Equirect.latitude(y, height)).angleTo(centre);
                    assertTrue(angle <= a[2] + 1.5 * pixel, where + ": pixel " + x + "," + y + " is "
                            + Math.toDegrees(angle) + "° from the annotation, radius " + Math.toDegrees(a[2]) + "°");
                }
            }
        }
        return count;
    }

    @Test
    void shadowsOfTheArmMoveOverTheTable() {
        SyntheticEpisode e = EpisodeGenerator.generate(Task.TOWEL_BUCKET, 3, new SceneOptions(256, 0));
        EpisodeRenderer r = e.renderer();
        Backdrop b = e.backdrop();
        int n = e.width() * e.height();
        int[] rgb = new int[n];
        byte[] labels = new byte[n];
        int shadowed = 0;
        for (int f = 0; f < e.frames(); f += 20) {
            r.render(f, rgb, labels);
            for (int i = 0; i < n; i++) {
                if (labels[i] == Label.TABLE.code() && b.unlit[i] >= 0 && rgb[i] == b.unlit[i] && rgb[i] != b.rgb[i]) {
                    shadowed++;
                }
            }
        }
        assertTrue(shadowed > 0, "the moving arm darkens some table pixels");
    }
}
