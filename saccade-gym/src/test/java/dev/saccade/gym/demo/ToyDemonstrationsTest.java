package dev.saccade.gym.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.sphere.EquirectFrame;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToyDemonstrationsTest {

    @Test
    void theSameSeedGivesTheSameDemonstrations() {
        ToyDemonstrations a = ToyDemonstrations.generate(3, 32, 7);
        ToyDemonstrations b = ToyDemonstrations.generate(3, 32, 7);
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(a.episodes().get(e).state(), b.episodes().get(e).state());
            assertArrayEquals(a.episodes().get(e).annotations().orElseThrow().object(),
                    b.episodes().get(e).annotations().orElseThrow().object());
        }
        assertArrayEquals(a.decode(a.episodes().get(1), 40).pixels(), b.decode(b.episodes().get(1), 40).pixels());
    }

    @Test
    void episodesCycleThroughTheTasksAndLeaveRoomForAWholeEyeEpisode() {
        ToyDemonstrations toy = ToyDemonstrations.generate(10, 16, 1);
        Set<Task> tasks = new HashSet<>();
        for (Demonstration d : toy.episodes()) {
            tasks.add(d.task());
            assertTrue(d.length() >= 221 && d.length() <= 292, "length " + d.length());
            assertEquals(30.0, d.fps());
        }
        assertEquals(5, tasks.size());
    }

    @Test
    void annotatedDirectionsLandOnTheirMarkersPixels() {
        ToyDemonstrations toy = ToyDemonstrations.generate(5, 128, 3);
        float[] rgb = new float[3];
        for (Demonstration d : toy.episodes()) {
            for (int f = 0; f < d.length(); f += 37) {
                EquirectFrame frame = toy.decode(d, f);
                Direction g = d.gripperDirection(f);
                frame.sample(g.yaw(), g.pitch(), rgb);
                assertTrue(rgb[0] > 200 && rgb[1] > 170 && rgb[2] < 80, "gripper is yellow at frame " + f);
                Direction t = d.target(f);
                if (t.yaw() != g.yaw() && Math.abs(t.yaw() - g.yaw()) > 0.3 && Math.abs(t.yaw() - d.object(f).yaw()) > 0.3) {
                    frame.sample(t.yaw(), t.pitch(), rgb);
                    assertTrue(rgb[2] > 200 && rgb[0] < 80, "target is blue at frame " + f);
                }
            }
        }
    }

    @Test
    void theArmMovesFromTheFirstFramesAndThePhaseFollowsTheGripper() {
        ToyDemonstrations toy = ToyDemonstrations.generate(5, 16, 9);
        for (Demonstration d : toy.episodes()) {
            float[] first = d.stateAt(0);
            float[] later = d.stateAt(29);
            double moved = 0;
            for (int j = 0; j < 6; j++) {
                moved += Math.abs(later[j] - first[j]);
            }
            assertTrue(moved > 0.1, "a one-second chunk from frame 0 already moves the arm: " + moved);
            boolean sawClosed = false;
            for (int f = 0; f < d.length(); f++) {
                boolean closed = d.gripperClosed(f);
                sawClosed |= closed;
                assertEquals(closed ? d.target(f) : d.object(f), d.relevant(f));
                if (closed) {
                    Direction o = d.object(f);
                    Direction g = d.gripperDirection(f);
                    assertEquals(g.yaw(), o.yaw(), 1e-6, "a held object travels with the gripper");
                }
            }
            assertTrue(sawClosed);
            // Released at the target: the object ends where the target is.
            Direction end = d.object(d.length() - 1);
            Direction target = d.target(d.length() - 1);
            assertEquals(target.yaw(), end.yaw(), 1e-6);
            assertEquals(target.pitch(), end.pitch(), 1e-6);
        }
    }

    @Test
    void objectsAndTargetsAreOnTheTableBelowTheHorizonAndApart() {
        ToyDemonstrations toy = ToyDemonstrations.generate(20, 16, 11);
        for (Demonstration d : toy.episodes()) {
            Direction o = d.object(0);
            Direction t = d.target(0);
            assertTrue(Math.toDegrees(o.pitch()) < -15 && Math.toDegrees(o.pitch()) > -50, "object pitch " + Math.toDegrees(o.pitch()));
            assertTrue(Math.abs(Math.toDegrees(o.yaw())) < 125 && Math.abs(Math.toDegrees(t.yaw())) < 125);
            double apart = Math.toDegrees(Math.abs(o.yaw() - t.yaw()));
            assertTrue(apart > 35, "object and target " + apart + "° apart");
        }
    }
}
