package dev.saccade.runtime.bridge;

import dev.saccade.gym.eye.GazeReset;
import dev.saccade.runtime.eye.Eye;
import dev.saccade.runtime.eye.EyeFrame;
import dev.saccade.runtime.eye.EyeLimits;
import dev.saccade.runtime.eye.EyeState;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The {@link Eye} contract over the eye bridge (the runtime's end): camera frames come in from
 * the eye process's publisher, gaze commands go out to it, and the hand's commands go out for any
 * process that wants them. Today's frames are 360° equirect images ({@code [H, 2H, 3]}, RGB in
 * [0, 1]), as the simulated controller's camera publishes them; the pyramid is rendered from the
 * newest one around the gaze. The gaze is modelled here, as the simulated eye does: it heads for
 * its target at the eye's speed limit, one {@link #advance} per control period. A real eye camera
 * (a pinhole image at the measured gaze) is not supported yet.
 *
 * <p>Frames are read on a thread of their own once they are first needed ({@link #look()} or
 * {@link #panorama()}); the loop's thread sends commands. Malformed frames are counted and
 * skipped, never fatal.
 */
public final class ZmqEye implements Eye {
    /** How long {@link #look()} waits for a first frame (a loaded machine may take seconds to render one). */
    public static final long FIRST_FRAME_MILLIS = 10_000;
    private final BridgeEndpoint endpoint;
    private final EyeLimits limits;
    private final PyramidSpec spec;
    private final Antialias antialias;
    private final double period;
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket gazeOut;
    private final ZMQ.Socket commandsOut;
    private final AtomicLong malformed = new AtomicLong();
    private final Object frameLock = new Object();
    private Thread reader;
    private volatile boolean open = true;
    private EquirectFrame latest; // guarded by frameLock
    private long framesReceived;
    private volatile String lastError;
    private Gaze gaze = new Gaze(0, 0), target = gaze;
    private double time;
    private PyramidRenderer renderer;
    private MipChain mip;
    private EquirectFrame mipOf;

    /**
     * Connects to the eye bridge at {@code endpoint}; the eye moves within {@code limits}, the
     * pyramid follows {@code spec}, and {@link #advance} is called every {@code period} seconds.
     */
    public ZmqEye(BridgeEndpoint endpoint, EyeLimits limits, PyramidSpec spec, Antialias antialias, double period) {
        this.endpoint = endpoint;
        this.limits = limits;
        this.spec = spec;
        this.antialias = antialias;
        this.period = period;
        gazeOut = publisher(endpoint.gaze());
        commandsOut = publisher(endpoint.commands());
    }

    private ZMQ.Socket publisher(String address) {
        ZMQ.Socket s = context.createSocket(SocketType.PUB);
        s.setLinger(0);
        s.setSndHWM(64);
        s.connect(address);
        return s;
    }

    /** A new episode: the gaze starts where the simulated eye starts for {@code seed} (the gym's reset rule). */
    public void reset(long seed) {
        gaze = GazeReset.DEFAULT.draw(new SplittableRandom(seed ^ 0x5EEDCAFEL), limits.range());
        target = gaze;
        time = 0;
        publishGaze();
    }

    /** One control period: the gaze moves toward its target at most the speed limit. */
    public void advance() {
        double dy = target.yaw() - gaze.yaw(), dp = target.pitch() - gaze.pitch();
        double distance = Math.hypot(dy, dp);
        double reach = limits.maxSpeed() * period;
        gaze = distance <= reach ? target : new Gaze(gaze.yaw() + dy * reach / distance, gaze.pitch() + dp * reach / distance);
        time += period;
    }

    @Override
    public EyeLimits limits() {
        return limits;
    }

    @Override
    public PyramidSpec pyramid() {
        return spec;
    }

    @Override
    public EyeState state() {
        return new EyeState(time, gaze, target);
    }

    @Override
    public void command(Gaze wanted) {
        if (!Double.isFinite(wanted.yaw()) || !Double.isFinite(wanted.pitch())) {
            throw new IllegalArgumentException("gaze target is not finite: " + wanted);
        }
        target = limits.range().clamp(wanted.yaw(), wanted.pitch());
        publishGaze();
    }

    private void publishGaze() {
        EyeSide.send(gazeOut, new EyeMessage(time, new float[] {(float) target.yaw(), (float) target.pitch()}, new int[] {2}));
    }

    /** Publishes the hand's command of this frame ({@code [7]}: six joints, rad, and the gripper). */
    public void publishCommand(double timestamp, JointCommand command) {
        float[] a = command.toAction();
        EyeSide.send(commandsOut, new EyeMessage(timestamp, a, new int[] {a.length}));
    }

    @Override
    public EyeFrame look() {
        EquirectFrame frame = panorama(FIRST_FRAME_MILLIS)
                .orElseThrow(() -> new IllegalStateException("eye bridge " + endpoint.frames() + ": no camera frame within "
                        + FIRST_FRAME_MILLIS / 1000 + " s"
                        + (Thread.currentThread().isInterrupted() ? " (the waiting thread was interrupted)" : "")
                        + (lastError == null ? "" : " (last malformed frame: " + lastError + ")")));
        if (mipOf != frame) {
            mip = MipChain.of(frame, antialias);
            mipOf = frame;
        }
        if (renderer == null) {
            renderer = new PyramidRenderer(spec, antialias);
        }
        float[] out = new float[spec.floatsPerPyramid()];
        renderer.render(mip, gaze, out, 0);
        return new EyeFrame(time, gaze, out);
    }

    /** The newest camera frame, waiting up to {@code millis} for the first one. */
    public Optional<EquirectFrame> panorama(long millis) {
        startReader();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (frameLock) {
            while (latest == null && open) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    frameLock.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    /** Frames received and frames refused as malformed so far. */
    public long[] frameCounts() {
        synchronized (frameLock) {
            return new long[] {framesReceived, malformed.get()};
        }
    }

    /**
     * Starts reading frames now rather than at the first {@link #look()} (the eye process learns
     * someone listens and starts sending; a simulator renders only then).
     */
    public void subscribe() {
        startReader();
    }

    private synchronized void startReader() {
        if (reader != null) {
            return;
        }
        reader = new Thread(this::readFrames, "eye-bridge-frames");
        reader.setDaemon(true);
        reader.start();
    }

    private void readFrames() {
        ZMQ.Socket in = context.createSocket(SocketType.SUB);
        in.setLinger(0);
        in.setRcvHWM(4);
        in.setReceiveTimeOut(100);
        in.subscribe(new byte[0]);
        in.connect(endpoint.frames());
        try {
            while (open) {
                Optional<EyeMessage> m;
                try {
                    m = EyeSide.receive(in, 0);
                } catch (IllegalArgumentException e) {
                    malformed.incrementAndGet();
                    lastError = e.getMessage();
                    continue;
                } catch (org.zeromq.ZMQException e) {
                    return; // the context closed
                }
                if (m.isEmpty()) {
                    continue;
                }
                try {
                    EquirectFrame f = toFrame(m.get());
                    synchronized (frameLock) {
                        latest = f;
                        framesReceived++;
                        frameLock.notifyAll();
                    }
                } catch (IllegalArgumentException e) {
                    malformed.incrementAndGet();
                    lastError = e.getMessage();
                }
            }
        } finally {
            in.close();
        }
    }

    /** An {@code [H, 2H, 3]} RGB message as a frame; values are rounded to 8 bits and clamped into [0, 255]. */
    static EquirectFrame toFrame(EyeMessage m) {
        int[] s = m.shape();
        if (s.length != 3 || s[2] != 3 || s[1] != 2 * s[0] || s[0] < 2) {
            throw new IllegalArgumentException("a camera frame has shape [H, 2H, 3], got " + Arrays.toString(s));
        }
        float[] d = m.data();
        int[] rgb = new int[s[0] * s[1]];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = channel(d[3 * i]) << 16 | channel(d[3 * i + 1]) << 8 | channel(d[3 * i + 2]);
        }
        return new EquirectFrame(s[1], s[0], rgb);
    }

    private static int channel(float v) {
        if (!(v >= 0)) {
            return 0; // NaN and negatives
        }
        return (int) Math.min(255, Math.round(v * 255.0));
    }

    /** A frame as the bridge sends it: {@code [H, W, 3]} floats in [0, 1]. */
    public static EyeMessage toMessage(double timestamp, EquirectFrame frame) {
        int w = frame.width(), h = frame.height();
        float[] d = new float[w * h * 3];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++, i++) {
                int p = frame.rgb(x, y);
                d[3 * i] = (p >> 16 & 0xFF) / 255f;
                d[3 * i + 1] = (p >> 8 & 0xFF) / 255f;
                d[3 * i + 2] = (p & 0xFF) / 255f;
            }
        }
        return new EyeMessage(timestamp, d, new int[] {h, w, 3});
    }

    @Override
    public void close() {
        open = false;
        synchronized (frameLock) {
            frameLock.notifyAll();
        }
        Thread r;
        synchronized (this) {
            r = reader;
        }
        if (r != null) {
            try {
                r.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        context.close();
    }
}
