package dev.saccade.runtime.ur;

import dev.saccade.data.Task;
import dev.saccade.data.synth.LiveScene;
import dev.saccade.robot.sim.SimulatedController;
import dev.saccade.runtime.bridge.BridgeEndpoint;
import dev.saccade.runtime.bridge.EyeMessage;
import dev.saccade.runtime.bridge.EyeSide;
import dev.saccade.runtime.bridge.ZmqEye;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.runtime.sim.WorldBackend;
import dev.saccade.sphere.EquirectFrame;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code saccade sim-robot --task T} serves: a simulated UR controller (RTDE and URScript)
 * whose arm is the closed-loop world ({@link WorldBackend}), and, when asked, the world's 360°
 * camera on an eye bridge: each new world frame is rendered and published ({@code [H, 2H, 3]})
 * while someone subscribes, and gaze and hand commands are taken (and counted). One process runs
 * one world, so the run command's eye sees the very scene its arm moves in.
 */
public final class WorldController implements AutoCloseable {
    private final SimulatedController controller;
    private final WorldBackend backend;
    private final EyeSide eyeSide;
    private final Thread camera;
    private volatile boolean open = true;
    private volatile String lastError;
    private final AtomicLong framesPublished = new AtomicLong(), gazeCommands = new AtomicLong(),
            handCommands = new AtomicLong(), malformed = new AtomicLong();

    private WorldController(SimulatedController controller, WorldBackend backend, EyeSide eyeSide) {
        this.controller = controller;
        this.backend = backend;
        this.eyeSide = eyeSide;
        this.camera = eyeSide == null ? null : new Thread(this::serveCamera, "sim-robot-camera");
    }

    /**
     * Starts serving {@code task}'s world (first scene {@code seed}) on {@code settings}, and the
     * camera on {@code eye} if given. A port already taken is an {@link IOException}.
     */
    public static WorldController start(Task task, long seed, SimSettings sim, SimulatedController.Settings settings,
            Optional<BridgeEndpoint> eye) throws IOException {
        WorldBackend backend = new WorldBackend(task, seed, sim);
        EyeSide side = null;
        if (eye.isPresent()) {
            try {
                side = new EyeSide(eye.get());
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        SimulatedController controller;
        try {
            controller = SimulatedController.start(settings, backend);
        } catch (IOException e) {
            if (side != null) {
                side.close();
            }
            throw e;
        }
        WorldController w = new WorldController(controller, backend, side);
        if (w.camera != null) {
            w.camera.setDaemon(true);
            w.camera.start();
        }
        return w;
    }

    public SimulatedController controller() {
        return controller;
    }

    public WorldBackend backend() {
        return backend;
    }

    /** Camera frames published, gaze and hand commands taken, malformed messages refused. */
    public long[] eyeCounts() {
        return new long[] {framesPublished.get(), gazeCommands.get(), handCommands.get(), malformed.get()};
    }

    /** The last failure the camera thread survived (a malformed message, a frame it could not render), if any. */
    public Optional<String> lastCameraError() {
        return Optional.ofNullable(lastError);
    }

    /** How often the present frame is sent again while the world stands still. */
    private static final long RESEND_NANOS = 200_000_000L;

    private void serveCamera() {
        LiveScene scene = null;
        LiveScene.Renderer renderer = null;
        long lastKey = Long.MIN_VALUE;
        EyeMessage lastFrame = null;
        long lastSent = 0;
        int lastSubscribers = 0;
        while (open) {
            try {
                drain();
                int subscribers = eyeSide.subscribers();
                if (subscribers > lastSubscribers) {
                    lastKey = Long.MIN_VALUE; // a newcomer gets the present frame at once, even if the world stands still
                }
                lastSubscribers = subscribers;
                if (subscribers > 0) {
                    WorldBackend.View v = backend.view();
                    long key = v.seed() * 1_000_003L + v.frame() + 31L * System.identityHashCode(v.scene());
                    if (key != lastKey) {
                        if (v.scene() != scene) {
                            scene = v.scene();
                            renderer = scene.renderer();
                        }
                        int[] rgb = new int[scene.width() * scene.height()];
                        renderer.render(v.state(), rgb, null);
                        EquirectFrame frame = new EquirectFrame(scene.width(), scene.height(), rgb);
                        lastFrame = ZmqEye.toMessage(v.frame() / (double) SimWorld.FPS, frame);
                        eyeSide.publishFrame(lastFrame);
                        lastKey = key; // only once sent: a frame that failed is rendered and sent again
                        lastSent = System.nanoTime();
                        framesPublished.incrementAndGet();
                    } else if (lastFrame != null && System.nanoTime() - lastSent > RESEND_NANOS) {
                        // A camera keeps streaming while the world stands still, so a subscriber that missed
                        // a frame (one that joined as it was sent, under load) still gets one soon.
                        eyeSide.publishFrame(lastFrame);
                        lastSent = System.nanoTime();
                        framesPublished.incrementAndGet();
                    }
                }
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!open) {
                    return;
                }
                malformed.incrementAndGet(); // a bad message from a peer: counted, never fatal
                lastError = e.toString();
            }
        }
    }

    private void drain() {
        Optional<EyeMessage> m;
        while ((m = eyeSide.pollGaze()).isPresent()) {
            gazeCommands.incrementAndGet();
        }
        while ((m = eyeSide.pollCommand()).isPresent()) {
            handCommands.incrementAndGet();
        }
    }

    @Override
    public void close() {
        open = false;
        if (camera != null) {
            try { // no interrupt: it would close the ZeroMQ sockets' channels under the thread
                camera.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            eyeSide.close();
        }
        controller.close();
    }
}
