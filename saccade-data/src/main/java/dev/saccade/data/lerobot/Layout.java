package dev.saccade.data.lerobot;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LeRobot v3.0 file layout ({@code datasets/utils.py}): where meta, data and video files live,
 * and the path templates written into info.json.
 */
final class Layout {
    static final String CODEBASE_VERSION = "v3.0";
    static final String INFO = "meta/info.json";
    static final String STATS = "meta/stats.json";
    static final String TASKS = "meta/tasks.parquet";
    static final String EPISODES_DIR = "meta/episodes";
    static final String CHUNK_FILE = "chunk-{chunk_index:03d}/file-{file_index:03d}";
    static final String EPISODES_PATH = EPISODES_DIR + "/" + CHUNK_FILE + ".parquet";
    static final String DATA_PATH = "data/" + CHUNK_FILE + ".parquet";
    static final String VIDEO_PATH = "videos/{video_key}/" + CHUNK_FILE + ".mp4";

    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::0?(\\d+)d)?}");

    private Layout() {}

    /** A chunk/file position: files go file-000, file-001, … and a new chunk starts every {@code chunksSize} files. */
    record Slot(int chunk, int file) {
        Slot next(int chunksSize) {
            return file == chunksSize - 1 ? new Slot(chunk + 1, 0) : new Slot(chunk, file + 1);
        }
    }

    /** Fills a Python-style template such as {@code data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet}. */
    static String format(String template, String videoKey, int chunk, int file) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = switch (name) {
                case "chunk_index" -> pad(chunk, m.group(2));
                case "file_index" -> pad(file, m.group(2));
                case "video_key" -> videoKey;
                default -> throw new IllegalArgumentException("unknown field {" + name + "} in path template " + template);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String pad(int value, String width) {
        return width == null ? Integer.toString(value) : String.format("%0" + width + "d", value);
    }

    static Path data(Path root, String template, Slot slot) {
        return root.resolve(format(template, null, slot.chunk(), slot.file()));
    }

    static Path video(Path root, String template, String key, Slot slot) {
        return root.resolve(format(template, key, slot.chunk(), slot.file()));
    }

    static Path episodes(Path root, Slot slot) {
        return root.resolve(format(EPISODES_PATH, null, slot.chunk(), slot.file()));
    }
}
