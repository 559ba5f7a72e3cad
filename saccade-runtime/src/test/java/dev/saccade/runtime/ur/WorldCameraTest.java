package dev.saccade.runtime.ur;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.robot.sim.SimulatedController;
import dev.saccade.runtime.bridge.BridgeEndpoint;
import dev.saccade.runtime.bridge.ZmqEye;
import dev.saccade.runtime.eye.EyeLimits;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The served world's camera: what the runtime's eye receives is the world's own 360° frame. */
class WorldCameraTest {
    @Test
    void theEyeSeesTheServedWorldsFrame() throws Exception {
        SimSettings sim = SimSettings.defaults().withWidth(64);
        BridgeEndpoint endpoint = BridgeEndpoint.loopback(freeBase());
        try (WorldController w = WorldController.start(Task.TOWEL_BUCKET, 1003, sim, SimulatedController.Settings.loopback(true),
                Optional.of(endpoint));
             ZmqEye eye = new ZmqEye(endpoint, EyeLimits.DEFAULT, PyramidSpec.defaults(8), sim.antialias(), UrCell.PERIOD)) {
            Optional<EquirectFrame> got = eye.panorama(10_000);
            assertTrue(got.isPresent(), "the served camera published a frame");
            // No program runs, so the world stands still at its first state: every frame is that state's frame.
            EquirectFrame expected = SimWorld.open(Task.TOWEL_BUCKET, 1003, sim, PyramidSpec.defaults(8)).renderPanorama();
            assertEquals(64, got.get().width());
            assertArrayEquals(expected.pixels(), got.get().pixels());
            // The camera thread counts a frame after the socket took it, so the eye may hold the frame
            // a moment before the count shows it (this race failed CI runs in 0.07 s): wait for the count.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (w.eyeCounts()[0] < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(w.eyeCounts()[0] >= 1, "the world counted the frame it published");
        }
    }

    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                base = s.getLocalPort();
            }
            if (base < 65000 && free(base + 1) && free(base + 2)) {
                return base;
            }
        }
        throw new IOException("no three free loopback ports in a row");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
