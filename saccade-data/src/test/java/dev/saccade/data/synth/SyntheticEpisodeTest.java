package dev.saccade.data.synth;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.core.InputException;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Vec3;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticEpisodeTest {
    private static final SceneOptions SMALL = new SceneOptions(64, 3);

    @ParameterizedTest
    @EnumSource(Task.class)
    void theSameSeedGivesTheSameEpisodeAndFrames(Task task) {
        SyntheticEpisode a = EpisodeGenerator.generate(task, 7, SMALL);
        SyntheticEpisode b = EpisodeGenerator.generate(task, 7, SMALL);
        assertTrue(Arrays.deepEquals(a.state(), b.state()));
        assertTrue(Arrays.deepEquals(a.action(), b.action()));
        assertTrue(Arrays.deepEquals(a.objectAnnotation(), b.objectAnnotation()));
        int mid = a.frames() / 2;
        assertArrayEquals(a.render(mid).pixels(), b.render(mid).pixels());
    }

    @Test
    void differentSeedsGiveDifferentEpisodes() {
        SyntheticEpisode a = EpisodeGenerator.generate(Task.TOWEL_BUCKET, 1, SMALL);
        SyntheticEpisode b = EpisodeGenerator.generate(Task.TOWEL_BUCKET, 2, SMALL);
        assertFalse(Arrays.deepEquals(a.state(), b.state()));
        assertFalse(Arrays.equals(a.render(0).pixels(), b.render(0).pixels()));
    }

    @Test
    void theFrameWidthDoesNotChangeTheScene() {
        SyntheticEpisode small = EpisodeGenerator.generate(Task.BRUSH_TRAY, 3, new SceneOptions(32, 3));
        SyntheticEpisode large = EpisodeGenerator.generate(Task.BRUSH_TRAY, 3, new SceneOptions(256, 3));
        assertTrue(Arrays.deepEquals(small.state(), large.state()));
    }

    @Test
    void framesAreTwoToOneAtTheRequestedSize() {
        SyntheticEpisode e = EpisodeGenerator.generate(Task.ESTOP_PRESS, 1, new SceneOptions(96, 0));
        EquirectFrame f = e.render(0);
        assertEquals(96, f.width());
        assertEquals(48, f.height());
        assertEquals(96, e.width());
        assertEquals(48, e.height());
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(InputException.class, () -> new SceneOptions(101, 0));
        assertThrows(InputException.class, () -> new SceneOptions(4, 0));
        assertThrows(InputException.class, () -> new SceneOptions(SceneOptions.MAX_WIDTH + 2, 0));
        assertThrows(InputException.class, () -> new SceneOptions(64, -1));
        assertThrows(InputException.class, () -> new SceneOptions(64, SceneOptions.MAX_DISTRACTORS + 1));
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void demonstrationsHaveTheShapeTheDatasetNeeds(Task task) {
        for (long seed = 0; seed < 4; seed++) {
            SyntheticEpisode e = EpisodeGenerator.generate(task, seed, SMALL);
            int n = e.frames();
            assertEquals(30, e.fps());
            assertTrue(n >= 4 * 30 && n <= 10 * 30 + 1, task + " seed " + seed + " lasts " + n + " frames");
            float[][] state = e.state(), action = e.action(), tool0 = e.tool0();
            for (float[][] a : new float[][][] {state, action}) {
                assertEquals(n, a.length);
                for (float[] row : a) {
                    assertEquals(Features.JOINT_DIM, row.length);
                    assertTrue(row[Features.GRIPPER] >= 0 && row[Features.GRIPPER] <= 1);
                }
            }
            for (int f = 0; f + 1 < n; f++) {
                for (int j = 0; j < Ur5e.JOINTS; j++) {
                    assertEquals(state[f + 1][j], action[f][j], "action is the next frame's joints");
                    assertTrue(Math.abs(state[f + 1][j] - state[f][j]) <= ScriptedExpert.MAX_JOINT_STEP + 1e-6,
                            "joint " + j + " faster than 180°/s at frame " + f);
                }
            }
            double[] fk = new double[3];
            for (int f = 0; f < n; f += 17) {
                Ur5e.tool0Position(state[f], 0, fk);
                for (int k = 0; k < 3; k++) {
                    assertEquals(fk[k], tool0[f][k], 1e-5, "tool0 annotation is the state's forward kinematics");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void theArmMovesFromTheFirstFrames(Task task) {
        for (long seed = 0; seed < 5; seed++) {
            float[][] q = EpisodeGenerator.generate(task, seed, SMALL).tool0();
            double early = dist(q[0], q[5]);
            double chunk = dist(q[0], q[30]);
            assertTrue(early > 1e-4, task + " seed " + seed + ": tool still after 5 frames");
            assertTrue(chunk > 0.05, task + " seed " + seed + ": the first 30-frame chunk moves the tool only " + chunk + " m");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Task.class, names = "ESTOP_PRESS", mode = EnumSource.Mode.EXCLUDE)
    void objectAndTargetNeverFitInTheFoveaTogether(Task task) {
        for (long seed = 0; seed < 20; seed++) {
            SyntheticEpisode e = EpisodeGenerator.generate(task, seed, SMALL);
            float[] o = e.objectAnnotation()[0], t = e.targetAnnotation()[0];
            double apart = dev.saccade.sphere.Sphere.angleBetween(o[0], o[1], t[0], t[1]);
            assertTrue(apart > Math.toRadians(30), task + " seed " + seed + ": object and target only "
                    + Math.toDegrees(apart) + "° apart");
        }
    }

    @Test
    void tableObjectsAreSeenBelowTheHorizon() {
        for (Task task : Task.values()) {
            for (long seed = 0; seed < 10; seed++) {
                SyntheticEpisode e = EpisodeGenerator.generate(task, seed, SMALL);
                for (float[] a : new float[][] {e.objectAnnotation()[0], e.targetAnnotation()[0]}) {
                    double pitch = Math.toDegrees(a[1]);
                    assertTrue(pitch < -15 && pitch > -45, task + " seed " + seed + ": pitch " + pitch);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void theArmKeepsClearOfTheCamera(Task task) {
        Vec3 cam = Camera360.POSITION;
        for (long seed = 0; seed < 20; seed++) {
            for (float[] s : EpisodeGenerator.generate(task, seed, SMALL).state()) {
                double[] q = new double[Ur5e.JOINTS];
                for (int j = 0; j < q.length; j++) {
                    q[j] = s[j];
                }
                Vec3 from = new Vec3(0, 0, 0);
                for (var frame : Ur5e.frames(q)) { // the chain of joint origins, link by link
                    Vec3 to = frame.translation(), d = to.minus(from);
                    double u = d.dot(d) == 0 ? 0 : Math.max(0, Math.min(1, cam.minus(from).dot(d) / d.dot(d)));
                    double clearance = cam.minus(from.plus(d.times(u))).norm();
                    assertTrue(clearance > 0.24, task + " seed " + seed + ": a link passes " + clearance + " m from the camera");
                    from = to;
                }
            }
        }
    }

    @Test
    void distractorsAreAddedWithoutMovingTheTaskProps() {
        SyntheticEpisode none = EpisodeGenerator.generate(Task.ERASER_STAND, 5, new SceneOptions(64, 0));
        SyntheticEpisode six = EpisodeGenerator.generate(Task.ERASER_STAND, 5, new SceneOptions(64, 6));
        assertEquals(0, none.scene().distractors.size());
        assertEquals(6, six.scene().distractors.size());
        assertEquals(none.scene().object.pose(), six.scene().object.pose());
        assertEquals(none.scene().target.pose(), six.scene().target.pose());
    }

    private static double dist(float[] a, float[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }
}
