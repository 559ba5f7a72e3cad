package dev.saccade.learn.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptEncoderTest {
    @TempDir
    Path dir;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchScriptEncoderTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void loadsTheShippedModuleAndReproducesPyTorchsOutput() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(fixture("tiny_encoder.expected.json").toFile());
        try (TorchScriptEncoder enc = TorchScriptEncoder.load(fixture("tiny_encoder.pt"), 64);
             NDManager m = NDManager.newBaseManager()) {
            assertEquals(64, enc.tokensPerLevel());
            assertEquals(8, enc.gridSize());
            assertEquals(32, enc.dim());
            float[] img = new float[3 * 64 * 64];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        img[(c * 64 + y) * 64 + x] = ((c * 7 + y * 3 + x) % 11) / 10f;
                    }
                }
            }
            NDArray out = enc.encode(m.create(img, new Shape(1, 3, 64, 64)));
            assertEquals(new Shape(1, 64, 32), out.getShape());
            float[] v = out.toFloatArray();
            float[] first = new float[16];
            for (int i = 0; i < 16; i++) {
                first[i] = (float) expected.get("first").get(i).asDouble();
            }
            assertArrayEquals(first, java.util.Arrays.copyOf(v, 16), 1e-4f);
            double mean = 0;
            for (float x : v) {
                mean += x / v.length;
            }
            assertEquals(expected.get("mean").asDouble(), mean, 1e-5);
            NDArray batch = enc.encode(m.zeros(new Shape(5, 3, 64, 64)));
            assertEquals(new Shape(5, 64, 32), batch.getShape());
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsAnInputError() throws IOException {
        Path bad = dir.resolve("bad.pt");
        Files.writeString(bad, "not a model");
        InputException e = assertThrows(InputException.class, () -> TorchScriptEncoder.load(bad, 64));
        assertTrue(e.userMessage().startsWith(bad.toString()), e.userMessage());
        assertThrows(InputException.class, () -> TorchScriptEncoder.load(dir.resolve("missing.pt"), 64));
    }

    @Test
    void aModuleWithTheWrongInputSizeIsRejected() throws Exception {
        // The fixture patches 8×8 pixels; 36-px images give a 4×4 grid... but 40-px ones give 5×5 = 25 (fine),
        // while 72 px give 9×9 = 81 tokens: more than 64 per level.
        InputException e = assertThrows(InputException.class, () -> TorchScriptEncoder.load(fixture("tiny_encoder.pt"), 72));
        assertTrue(e.getMessage().contains("at most 64 tokens"), e.getMessage());
    }
}
