package dev.saccade.learn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.learn.io.HostTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading weights into a model: exact to the bit, gradients kept, and nothing printed by libtorch. */
class ParamsLoadTest {
    static final float[] VALUES = {1.5f, -0f, Float.NaN, Float.MIN_VALUE, -3e38f, 0f};

    /** Loads {@link #VALUES} into a fresh trainable weight; returns what it then holds. */
    static float[] loadOnce(NDManager manager) {
        try (Params params = new Params(manager)) {
            params.add("w", "hand", HostTensor.of(new float[6], 2, 3), true);
            params.add("scalar", "hand", HostTensor.of(new float[] {0f}), false);
            params.load(Map.of("w", HostTensor.of(VALUES.clone(), 2, 3), "scalar", HostTensor.of(new float[] {-0f})), Path.of("x"));
            assertTrue(params.get("w").hasGradient(), "a trainable weight still records gradients");
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(params.get("scalar").toFloatArray()[0]));
            return params.get("w").toFloatArray();
        }
    }

    @Test
    void loadingIsExactToTheBit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] got = loadOnce(manager);
            assertEquals(VALUES.length, got.length);
            for (int i = 0; i < VALUES.length; i++) {
                assertEquals(Float.floatToRawIntBits(VALUES[i]), Float.floatToRawIntBits(got[i]), "value " + i);
            }
        }
    }

    /** Run in a child JVM by {@link #loadingPrintsNothingOnStderr}. */
    public static final class Child {
        public static void main(String[] args) {
            try (NDManager manager = NDManager.newBaseManager()) {
                assertArrayEquals(new float[] {1.5f, -0f}, java.util.Arrays.copyOf(loadOnce(manager), 2));
            }
            System.out.println("loaded");
        }
    }

    @Test
    void loadingPrintsNothingOnStderr(@TempDir Path dir) throws Exception {
        // libtorch writes its warnings straight to file descriptor 2, past System.err: only a child process shows them.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.ai.djl=error"));
        for (String p : List.of("DJL_CACHE_DIR", "org.bytedeco.javacpp.cachedir")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Path err = dir.resolve("err.txt");
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child finished");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEquals("loaded", Files.readString(out).strip());
        String stderr = Files.readString(err);
        assertFalse(stderr.contains("deprecated"), stderr);
        assertFalse(stderr.contains("Warning"), stderr);
    }
}
