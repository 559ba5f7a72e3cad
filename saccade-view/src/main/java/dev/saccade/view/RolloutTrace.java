package dev.saccade.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A gaze regime's per-step log, as {@code saccade rollout} writes it ({@code steps.jsonl} or
 * {@code steps.parquet}, beside {@code summary.json}), or one gaze × hand of an evaluation's
 * {@code steps.jsonl.gz} ({@code saccade eval}): per dataset episode, the steps of the first run
 * (or unit) that played it (gaze, frame, reward, hand error, whether the relevant thing was in the
 * fovea, and where recorded the hand's chunk in use and its age).
 */
public final class RolloutTrace {
    /** An evaluation's per-step log (dev.saccade.eval.play.StepLog). */
    static final String EVALUATION_LOG = "steps.jsonl.gz";

    /**
     * One logged step; angles in degrees; NaN where the log has null. {@code chunk}: the hand's chunk
     * in use (absolute joint targets, rows × 7), null where none was recorded; {@code chunkAge}: eye
     * steps since it was predicted, −1 without a chunk.
     */
    public record Step(int step, int frame, boolean paused, double yaw, double pitch, double reward, double handError,
                       boolean inFovea, double targetAngle, String relevant, float[] chunk, int chunkAge) {
        /** A step without a recorded chunk (rollout logs). */
        public Step(int step, int frame, boolean paused, double yaw, double pitch, double reward, double handError,
                    boolean inFovea, double targetAngle, String relevant) {
            this(step, frame, paused, yaw, pitch, reward, handError, inFovea, targetAngle, relevant, null, -1);
        }
    }

    private final Path dir;
    private final String name;
    private final String policy;
    private final String hand;
    private final Map<Integer, List<Step>> episodes;
    private final int runs;

    private RolloutTrace(Path dir, String name, String policy, String hand, Map<Integer, List<Step>> episodes, int runs) {
        this.dir = dir;
        this.name = name;
        this.policy = policy;
        this.hand = hand;
        this.episodes = Collections.unmodifiableMap(episodes);
        this.runs = runs;
    }

    /**
     * The eye and hand of a recorded run ({@code saccade run}), as a trace over its own episode
     * {@code episode}: one step per frame; {@code chunkAge} in frames.
     */
    static RolloutTrace ofRecording(Path dataset, int episode, List<Step> steps) {
        return new RolloutTrace(dataset, "recorded run", "recorded run", "its own", Map.of(episode, steps), 1);
    }

    /** Whether {@code dir} holds a rollout log. */
    static boolean isRollout(Path dir) {
        return Files.isRegularFile(dir.resolve("steps.jsonl")) || Files.isRegularFile(dir.resolve("steps.parquet"));
    }

    /** Reads the rollout in {@code dir}; throws {@link InputException} naming the file and line of a bad record. */
    public static RolloutTrace read(Path dir) {
        Path summary = dir.resolve("summary.json");
        String policy = dir.getFileName().toString();
        String hand = "";
        if (Files.isRegularFile(summary)) {
            try {
                JsonNode s = Json.MAPPER.readTree(summary.toFile());
                policy = s.path("policy").asText(policy);
                hand = s.path("hand").asText("");
            } catch (IOException e) {
                throw new InputException(summary, "not valid JSON: " + firstLine(e));
            }
        }
        Map<Integer, List<Step>> byEpisode = new TreeMap<>();
        Map<Integer, Integer> runOfEpisode = new TreeMap<>();
        int[] runs = {0};
        StepSink sink = (run, episode, step) -> {
            runs[0] = Math.max(runs[0], run + 1);
            Integer first = runOfEpisode.putIfAbsent(episode, run);
            if (first == null || first == run) {
                byEpisode.computeIfAbsent(episode, k -> new ArrayList<>()).add(step);
            }
        };
        Path jsonl = dir.resolve("steps.jsonl");
        if (Files.isRegularFile(jsonl)) {
            readJsonl(jsonl, sink);
        } else {
            readParquet(dir.resolve("steps.parquet"), sink);
        }
        return new RolloutTrace(dir, dir.getFileName().toString(), policy, hand, byEpisode, runs[0]);
    }

    /**
     * The gaze × hand traces of the evaluation in {@code dir} (its {@code steps.jsonl.gz}), in the
     * order they first appear; empty if it has no step log (evaluations written before it existed).
     */
    static List<RolloutTrace> readEvaluation(Path dir) {
        Path file = dir.resolve(EVALUATION_LOG);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<String, Map<Integer, List<Step>>> byTrace = new java.util.LinkedHashMap<>();
        Map<String, Map<Integer, Integer>> unitOfEpisode = new java.util.HashMap<>();
        Map<String, Integer> units = new java.util.HashMap<>();
        long line = 0;
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            for (String text = r.readLine(); text != null; text = r.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode n = parse(file, line, text, List.of("gaze", "hand", "unit", "episode", "step", "frame", "yaw_deg", "pitch_deg"));
                String key = n.get("gaze").asText() + " / " + n.get("hand").asText() + " hand";
                int unit = n.get("unit").asInt();
                int episode = n.get("episode").asInt();
                units.merge(key, unit + 1, Math::max);
                Integer first = unitOfEpisode.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(episode, unit);
                if (first == null || first == unit) {
                    byTrace.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(episode, k -> new ArrayList<>())
                            .add(step(file, line, n));
                }
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot read (line " + (line + 1) + "): " + firstLine(e));
        }
        List<RolloutTrace> out = new ArrayList<>();
        byTrace.forEach((key, episodes) -> out.add(new RolloutTrace(dir, key, key, key.substring(key.indexOf(" / ") + 3), episodes,
                units.get(key))));
        return out;
    }

    private static JsonNode parse(Path file, long line, String text, List<String> required) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InputException(file, "line " + line + ": not valid JSON: " + firstLine(e));
        }
        for (String key : required) {
            if (!n.hasNonNull(key)) {
                throw new InputException(file, "line " + line + ": missing '" + key + "'");
            }
        }
        return n;
    }

    /** A step from a JSON line (rollout or evaluation log); a chunk whose length is not rows of 7 is refused. */
    private static Step step(Path file, long line, JsonNode n) {
        float[] chunk = null;
        JsonNode c = n.get("chunk");
        if (c != null && c.isArray()) {
            if (c.size() == 0 || c.size() % dev.saccade.data.Features.JOINT_DIM != 0) {
                throw new InputException(file, "line " + line + ": 'chunk' has " + c.size() + " numbers, not rows of "
                        + dev.saccade.data.Features.JOINT_DIM);
            }
            chunk = new float[c.size()];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = c.get(i).isNull() ? Float.NaN : (float) c.get(i).asDouble();
            }
        }
        return new Step(n.get("step").asInt(), n.get("frame").asInt(), n.path("paused").asBoolean(false), n.get("yaw_deg").asDouble(),
                n.get("pitch_deg").asDouble(), num(n, "reward"), num(n, "hand_error"), n.path("in_fovea").asBoolean(false),
                num(n, "target_angle_deg"), n.path("relevant").asText(""), chunk, chunk == null ? -1 : n.path("chunk_age").asInt(0));
    }

    private interface StepSink {
        void accept(int run, int episode, Step step);
    }

    private static void readJsonl(Path file, StepSink sink) {
        long line = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = r.readLine(); text != null; text = r.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode n = parse(file, line, text, List.of("run", "episode", "step", "frame", "yaw_deg", "pitch_deg"));
                sink.accept(n.get("run").asInt(), n.get("episode").asInt(), step(file, line, n));
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + firstLine(e));
        }
    }

    private static void readParquet(Path file, StepSink sink) {
        String sql = "SELECT run, episode, step, frame, paused, yaw_deg, pitch_deg, reward, hand_error, in_fovea, target_angle_deg, "
                + "relevant FROM read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "') ORDER BY run, step";
        long row = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                row++;
                sink.accept(r.getInt(1), r.getInt(2), new Step(r.getInt(3), r.getInt(4), r.getBoolean(5),
                        r.getDouble(6), r.getDouble(7), nullable(r, 8), nullable(r, 9), r.getBoolean(10), nullable(r, 11),
                        r.getString(12)));
            }
        } catch (SQLException e) {
            throw new InputException(file, "cannot read the step log (row " + row + "): " + firstLine(e));
        }
    }

    private static double nullable(ResultSet r, int col) throws SQLException {
        double v = r.getDouble(col);
        return r.wasNull() ? Double.NaN : v;
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The directory it was read from. */
    public Path dir() {
        return dir;
    }

    /** A short label: the gaze policy, and the directory when it says more. */
    public String label() {
        return name.equals(policy) ? policy : policy + " (" + name + ")";
    }

    /** Steps by dataset episode (the first run of each). */
    public Map<Integer, List<Step>> episodes() {
        return episodes;
    }

    /** The regime's description: label, policy, hand and which episodes it covers, with their fovea-hit share. */
    ObjectNode summary() {
        ObjectNode o = Json.object();
        o.put("label", label());
        o.put("dir", dir.toString());
        o.put("policy", policy);
        o.put("hand", hand);
        o.put("runs", runs);
        o.put("predictions", hasPredictions());
        ObjectNode eps = o.putObject("episodes");
        episodes.forEach((e, steps) -> {
            long playing = steps.stream().filter(s -> !s.paused() && s.step() > 0).count();
            long hits = steps.stream().filter(s -> !s.paused() && s.step() > 0 && s.inFovea()).count();
            Json.number(eps.putObject(Integer.toString(e)), "fovea_share", playing == 0 ? Double.NaN : (double) hits / playing);
        });
        return o;
    }

    /** Whether any step carries the hand's chunk. */
    boolean hasPredictions() {
        return episodes.values().stream().flatMap(List::stream).anyMatch(s -> s.chunk() != null);
    }

    /**
     * Episode {@code e}'s steps as columns, or null if this rollout did not play it. Where a step has
     * a chunk, {@code chunk} holds its rows' tool0 directions as {@code project} gives them (or null
     * where it cannot), {@code chunk_start} the frame its row 0 is for, {@code chunk_age} its age.
     */
    ObjectNode episode(int e, java.util.function.Function<float[], float[][]> project) {
        List<Step> steps = episodes.get(e);
        if (steps == null) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("label", label());
        ArrayNode step = o.putArray("step");
        ArrayNode frame = o.putArray("frame");
        ArrayNode paused = o.putArray("paused");
        ArrayNode yaw = o.putArray("yaw");
        ArrayNode pitch = o.putArray("pitch");
        ArrayNode reward = o.putArray("reward");
        ArrayNode handError = o.putArray("hand_error_cm");
        ArrayNode inFovea = o.putArray("in_fovea");
        ArrayNode angle = o.putArray("target_angle");
        boolean predictions = steps.stream().anyMatch(s -> s.chunk() != null);
        o.put("predictions", predictions);
        ArrayNode chunk = predictions ? o.putArray("chunk") : null;
        ArrayNode chunkStart = predictions ? o.putArray("chunk_start") : null;
        ArrayNode chunkAge = predictions ? o.putArray("chunk_age") : null;
        int stride = steps.size() > 1 ? Math.max(1, steps.get(steps.size() - 1).frame() - steps.get(steps.size() - 2).frame()) : 1;
        for (Step s : steps) {
            if (predictions) {
                float[][] dirs = s.chunk() == null ? null : project.apply(s.chunk());
                if (dirs == null) {
                    chunk.addNull();
                    chunkStart.addNull();
                    chunkAge.addNull();
                } else {
                    chunk.add(Json.matrix(dirs));
                    chunkStart.add(s.frame() - s.chunkAge() * stride); // an age in eye steps, each of `stride` frames
                    chunkAge.add(s.chunkAge());
                }
            }
            step.add(s.step());
            frame.add(s.frame());
            paused.add(s.paused());
            yaw.add(s.yaw());
            pitch.add(s.pitch());
            addNumber(reward, s.reward());
            addNumber(handError, 100 * s.handError());
            inFovea.add(s.inFovea());
            addNumber(angle, s.targetAngle());
        }
        return o;
    }

    private static void addNumber(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }
}
