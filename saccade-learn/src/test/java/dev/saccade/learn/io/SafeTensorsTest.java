package dev.saccade.learn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, HostTensor> sample() {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("eye.blocks.0.attn_in.weight", HostTensor.of(new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 1e30f}, 2, 3));
        t.put("scalar", HostTensor.of(new float[] {42f}));
        t.put("empty", HostTensor.of(new float[0], 0, 4));
        return t;
    }

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, sample(), Map.of("format", "pt", "saccade.policy", "{\"width\": 128}"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(sample(), c.tensors());
        assertEquals(java.util.List.copyOf(sample().keySet()), java.util.List.copyOf(c.tensors().keySet()));
        assertEquals("{\"width\": 128}", c.metadata().get("saccade.policy"));
    }

    @Test
    void sameContentGivesTheSameBytesWhateverTheMetadataMapOrder() throws IOException {
        // Map.of iterates in an order that changes from one JVM launch to the next (issue 16, item 7).
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        String[] keys = {"format", "saccade.policy", "saccade.step", "a", "z"};
        for (int i = 0; i < keys.length; i++) {
            forward.put(keys[i], "v" + i);
            backward.put(keys[keys.length - 1 - i], "v" + (keys.length - 1 - i));
        }
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        SafeTensors.write(a, sample(), forward);
        SafeTensors.write(b, sample(), backward);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(forward, SafeTensors.read(b).metadata());
    }

    @Test
    void fileFollowsTheSafetensorsLayoutByteForByte() throws IOException {
        // Read it back without SafeTensors: u64 LE header length, JSON header, LE float32 data.
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, sample(), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals("pt", header.get("__metadata__").get("format").asText());
        JsonNode w = header.get("eye.blocks.0.attn_in.weight");
        assertEquals("F32", w.get("dtype").asText());
        assertEquals(2, w.get("shape").get(0).asInt());
        assertEquals(3, w.get("shape").get(1).asInt());
        int begin = w.get("data_offsets").get(0).asInt();
        int end = w.get("data_offsets").get(1).asInt();
        assertEquals(24, end - begin);
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n + begin), 24).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[6];
        for (int i = 0; i < 6; i++) {
            values[i] = data.getFloat();
        }
        assertArrayEquals(sample().get("eye.blocks.0.attn_in.weight").data(), values);
        JsonNode s = header.get("scalar");
        assertEquals(0, s.get("shape").size());
        assertEquals(42f, ByteBuffer.wrap(bytes, (int) (8 + n + s.get("data_offsets").get(0).asInt()), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        // offsets tile the data section exactly, as the reference reader demands
        assertEquals(bytes.length - 8 - n, header.get("empty").get("data_offsets").get(1).asLong());
    }

    @Test
    void truncatedOrCorruptFilesAreRejectedNamingTheFile() throws IOException {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, sample(), Map.of());
        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        InputException e = assertThrows(InputException.class, () -> SafeTensors.read(cut));
        assertTrue(e.userMessage().startsWith(cut.toString()), e.userMessage());
        assertTrue(e.getMessage().contains("outside"), e.getMessage());

        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, "this is not a tensor file".getBytes(StandardCharsets.UTF_8));
        assertThrows(InputException.class, () -> SafeTensors.read(junk));

        Path f16 = dir.resolve("f16.safetensors");
        byte[] header = "{\"x\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(new byte[2]);
        Files.write(f16, b.array());
        InputException dtype = assertThrows(InputException.class, () -> SafeTensors.read(f16));
        assertTrue(dtype.getMessage().contains("tensor 'x'") && dtype.getMessage().contains("F16"), dtype.getMessage());
    }
}
