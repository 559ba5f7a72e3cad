package dev.saccade.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What crash tests compare between a training run and its uninterrupted reference. */
final class RunFiles {
    private RunFiles() {}

    /** The tensor bytes of a safetensors file (its JSON header is compared by the tensors it names, through the data). */
    static String tensorData(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        long header = java.nio.ByteBuffer.wrap(all, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(all, 8 + (int) header, all.length - 8 - (int) header);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Every metrics row without its wall-clock columns (seconds, collect_s, update_s). */
    static List<String> withoutTimings(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                String name = header.get(i);
                if (!name.equals("seconds") && !name.equals("collect_s") && !name.equals("update_s")) {
                    b.append(cells[i]).append(',');
                }
            }
            out.add(b.toString());
        }
        return out;
    }
}
