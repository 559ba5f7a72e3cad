package dev.saccade.runtime.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.runtime.eye.EyeFrame;
import dev.saccade.runtime.eye.EyeLimits;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The eye bridge: EyeRobot's three-part message byte for byte, and both ends in this JVM over 127.0.0.1. */
class EyeBridgeTest {
    /** Timestamp 1.5, array [1.0, −2.0], shape [2], little-endian as numpy writes them on x86. */
    private static final byte[] TIMESTAMP = {0, 0, 0, 0, 0, 0, (byte) 0xF8, 0x3F};
    private static final byte[] ARRAY = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0};
    private static final byte[] SHAPE = {2, 0, 0, 0};

    @Test
    void aMessageIsThreePartsByteForByte() {
        List<byte[]> parts = new EyeMessage(1.5, new float[] {1f, -2f}, new int[] {2}).encode();
        assertEquals(3, parts.size());
        assertArrayEquals(TIMESTAMP, parts.get(0));
        assertArrayEquals(ARRAY, parts.get(1));
        assertArrayEquals(SHAPE, parts.get(2));
        EyeMessage back = EyeMessage.decode(List.of(TIMESTAMP, ARRAY, SHAPE));
        assertEquals(1.5, back.timestamp());
        assertArrayEquals(new float[] {1f, -2f}, back.data());
        assertArrayEquals(new int[] {2}, back.shape());
    }

    @Test
    void aTwoDimensionalShapeIsRowMajorInt32() {
        List<byte[]> parts = new EyeMessage(0, new float[6], new int[] {2, 3}).encode();
        assertArrayEquals(new byte[] {2, 0, 0, 0, 3, 0, 0, 0}, parts.get(2));
        assertEquals(24, parts.get(1).length);
    }

    @Test
    void malformedMessagesAreRefusedWithWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EyeMessage.decode(List.of(TIMESTAMP, ARRAY)))
                .getMessage().contains("3 parts"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EyeMessage.decode(List.of(new byte[7], ARRAY, SHAPE))).getMessage().contains("8 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EyeMessage.decode(List.of(TIMESTAMP, ARRAY, new byte[] {3, 0, 0, 0}))).getMessage().contains("holds 3 values"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EyeMessage.decode(List.of(TIMESTAMP, new byte[5], SHAPE))).getMessage().contains("float32"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EyeMessage.decode(List.of(TIMESTAMP, ARRAY, new byte[] {-1, -1, -1, -1}))).getMessage().contains("negative"));
    }

    @Test
    void framesComeInGazeAndHandCommandsGoOutOverLoopback() throws Exception {
        BridgeEndpoint endpoint = BridgeEndpoint.loopback(freeBase());
        EquirectFrame frame = randomFrame(32, 7);
        try (EyeSide side = new EyeSide(endpoint);
             ZmqEye eye = new ZmqEye(endpoint, EyeLimits.DEFAULT, PyramidSpec.defaults(8), Antialias.PYRAMID_DEFAULT, 1.0 / 30)) {
            // Frames: published until the eye has one (a subscriber joins late; bounded).
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < 400 && eye.frameCounts()[0] == 0; i++) {
                    side.publishFrame(ZmqEye.toMessage(0.25, frame));
                    sleep(10);
                }
            });
            publisher.start();
            Optional<EquirectFrame> got = eye.panorama(5000);
            publisher.join();
            assertTrue(got.isPresent(), "a frame arrived");
            assertArrayEquals(frame.pixels(), got.get().pixels(), "8-bit RGB survives the float32 round trip exactly");
            EyeFrame view = eye.look();
            assertEquals(PyramidSpec.defaults(8).floatsPerPyramid(), view.pyramid().length);

            // Gaze commands: the eye process gets the clamped target.
            Optional<EyeMessage> gaze = Optional.empty();
            for (int i = 0; i < 200 && gaze.isEmpty(); i++) {
                eye.command(new Gaze(0.5, -0.25));
                gaze = side.awaitGaze(20);
            }
            assertTrue(gaze.isPresent(), "a gaze command arrived");
            assertArrayEquals(new int[] {2}, gaze.get().shape());
            assertArrayEquals(new float[] {0.5f, -0.25f}, gaze.get().data());

            // The hand's commands: seven values, joints then gripper.
            Optional<EyeMessage> hand = Optional.empty();
            for (int i = 0; i < 200 && hand.isEmpty(); i++) {
                eye.publishCommand(2.0, new JointCommand(new double[] {0.1, -1.5, 1.2, -0.3, 0.4, 0.5}, 1));
                hand = side.awaitCommand(20);
            }
            assertTrue(hand.isPresent(), "a hand command arrived");
            assertArrayEquals(new int[] {7}, hand.get().shape());
            assertArrayEquals(new float[] {0.1f, -1.5f, 1.2f, -0.3f, 0.4f, 0.5f, 1f}, hand.get().data());
            assertEquals(2.0, hand.get().timestamp());
        }
    }

    @Test
    void theWireCarriesExactlyTheThreeParts() throws Exception {
        BridgeEndpoint endpoint = BridgeEndpoint.loopback(freeBase());
        try (ZContext context = new ZContext(1);
             ZmqEye eye = new ZmqEye(endpoint, EyeLimits.DEFAULT, PyramidSpec.defaults(8), Antialias.PYRAMID_DEFAULT, 1.0 / 30)) {
            // A raw subscriber where the eye process's gaze socket would be: what arrives is what numpy would read.
            ZMQ.Socket raw = context.createSocket(SocketType.SUB);
            raw.setLinger(0);
            raw.subscribe(new byte[0]);
            raw.setReceiveTimeOut(20);
            raw.bind(endpoint.gaze());
            byte[] first = null;
            for (int i = 0; i < 200 && first == null; i++) {
                eye.command(new Gaze(1, 0)); // inside the range: sent as is
                first = raw.recv(0);
            }
            assertTrue(first != null, "a gaze command arrived");
            assertTrue(raw.hasReceiveMore());
            byte[] array = raw.recv(0);
            assertTrue(raw.hasReceiveMore());
            byte[] shape = raw.recv(0);
            assertTrue(!raw.hasReceiveMore(), "exactly three parts");
            assertEquals(8, first.length, "float64 timestamp");
            assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0}, array, "float32 [1, 0]");
            assertArrayEquals(SHAPE, shape, "int32 [2]");
        }
    }

    @Test
    void malformedFramesAreCountedAndSkippedNeverFatal() throws Exception {
        BridgeEndpoint endpoint = BridgeEndpoint.loopback(freeBase());
        EquirectFrame frame = randomFrame(16, 3);
        try (EyeSide side = new EyeSide(endpoint);
             ZmqEye eye = new ZmqEye(endpoint, EyeLimits.DEFAULT, PyramidSpec.defaults(8), Antialias.PYRAMID_DEFAULT, 1.0 / 30)) {
            eye.panorama(1); // starts the reader
            for (int i = 0; i < 400 && eye.frameCounts()[1] < 3; i++) {
                side.publishFrame(new EyeMessage(0, new float[12], new int[] {2, 2, 3})); // not 2:1
                sleep(5);
            }
            assertTrue(eye.frameCounts()[1] >= 3, "malformed frames were counted: " + eye.frameCounts()[1]);
            for (int i = 0; i < 400 && eye.frameCounts()[0] == 0; i++) {
                side.publishFrame(ZmqEye.toMessage(0, frame));
                sleep(5);
            }
            assertArrayEquals(frame.pixels(), eye.panorama(1000).orElseThrow().pixels(), "a good frame after bad ones is taken");
        }
    }

    private static EquirectFrame randomFrame(int height, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] rgb = new int[2 * height * height];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = r.nextInt(1 << 24);
        }
        return new EquirectFrame(2 * height, height, rgb);
    }

    /** A base port whose next two are free too (loopback). */
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
