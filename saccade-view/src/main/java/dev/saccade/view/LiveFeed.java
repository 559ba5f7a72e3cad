package dev.saccade.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.InputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches training runs and tells subscribers when one writes: every {@link #POLL_MILLIS} it
 * compares each run's metrics.csv (time, size) and latest checkpoint with what it saw, and on a
 * change queues a {@code run} event holding the run's whole metrics table (a few hundred rows at
 * most) to every subscriber; likewise an {@code eye} event with each new live snapshot of the
 * run's gaze and view ({@link LiveEye}). Closed-loop runs ({@link LiveRun}) are checked every
 * {@link #LIVE_POLL_MILLIS}: a {@code live-run} event carries each new snapshot as
 * {@link LiveRun#status} gives it (or an {@code error} naming the file), and a short one when a
 * running run's snapshot grows old ({@link LiveRun#STALE_SECONDS}) or disappears. Polling, not a
 * file-system watch: the files are replaced by rename, which watch services report unevenly across platforms.
 */
final class LiveFeed implements AutoCloseable {
    static final long POLL_MILLIS = 500;
    /** Closed-loop runs write up to 5 snapshots a second: checked more often. */
    static final long LIVE_POLL_MILLIS = 100;

    /** A server-sent event: its name and JSON data. */
    record Event(String name, String data) {}

    private final List<TrainingRun> runs;
    private final List<BlockingQueue<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final Map<TrainingRun, String> seen = new HashMap<>();
    private final Map<TrainingRun, String> seenEye = new HashMap<>();
    private final List<java.nio.file.Path> liveRuns;
    private final Map<java.nio.file.Path, String> seenLive = new HashMap<>();
    /** Per live run: the time of its last snapshot published while it was live, or -1 once it was shown as ended. */
    private final Map<java.nio.file.Path, Long> liveSince = new HashMap<>();
    private final ScheduledExecutorService timer;

    LiveFeed(List<TrainingRun> runs) {
        this(runs, List.of());
    }

    LiveFeed(List<TrainingRun> runs, List<java.nio.file.Path> liveRuns) {
        this.runs = runs;
        this.liveRuns = liveRuns;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "saccade-view-live");
            t.setDaemon(true);
            return t;
        });
        for (TrainingRun run : runs) {
            seen.put(run, run.version());
            seenEye.put(run, LiveEye.version(run.dir()));
        }
        if (!runs.isEmpty()) {
            timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        for (java.nio.file.Path dir : liveRuns) {
            seenLive.put(dir, LiveRun.version(dir));
            long since = -1; // a run already stopped when the viewer starts is seen as such by the page's first request
            try {
                ObjectNode o = LiveRun.read(dir);
                if (o != null && o.path("state").asText().equals(LiveRun.RUNNING)) {
                    since = o.path("time_ms").asLong(-1);
                }
            } catch (RuntimeException e) {
                // a bad snapshot is reported by the page's first request
            }
            liveSince.put(dir, since);
        }
        if (!liveRuns.isEmpty()) {
            timer.scheduleWithFixedDelay(this::pollLive, LIVE_POLL_MILLIS, LIVE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void pollLive() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < liveRuns.size(); i++) {
            java.nio.file.Path dir = liveRuns.get(i);
            String version = LiveRun.version(dir);
            if (version.equals(seenLive.get(dir))) {
                long since = liveSince.get(dir);
                if (since >= 0 && (version.isEmpty() || now - since > LiveRun.STALE_SECONDS * 1000)) {
                    // No new snapshot: the run stopped (killed, or its output is being replaced): say so once.
                    liveSince.put(dir, -1L);
                    ObjectNode o = Json.object();
                    o.put("index", i);
                    o.put("state", version.isEmpty() ? "missing" : LiveRun.RUNNING);
                    o.put("live", false);
                    o.put("age_s", version.isEmpty() ? 0 : (now - since) / 1000.0);
                    publish(new Event("live-run", new String(Json.bytes(o), java.nio.charset.StandardCharsets.UTF_8)));
                }
                continue;
            }
            seenLive.put(dir, version);
            ObjectNode o;
            try {
                o = LiveRun.status(dir, now);
                liveSince.put(dir, o.path("live").asBoolean() ? o.path("time_ms").asLong(now) : -1L);
            } catch (InputException e) {
                o = Json.object();
                o.put("error", e.userMessage());
                liveSince.put(dir, -1L);
            } catch (RuntimeException e) {
                o = Json.object();
                o.put("error", dir + ": " + e);
                liveSince.put(dir, -1L);
            }
            o.put("index", i);
            publish(new Event("live-run", new String(Json.bytes(o), java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** A new subscriber's queue; it receives every event from now on until {@link #unsubscribe}. */
    BlockingQueue<Event> subscribe() {
        BlockingQueue<Event> q = new LinkedBlockingQueue<>(1000);
        subscribers.add(q);
        return q;
    }

    void unsubscribe(BlockingQueue<Event> q) {
        subscribers.remove(q);
    }

    private void poll() {
        for (int i = 0; i < runs.size(); i++) {
            TrainingRun run = runs.get(i);
            String eyeVersion = LiveEye.version(run.dir());
            if (!eyeVersion.equals(seenEye.get(run))) {
                seenEye.put(run, eyeVersion);
                com.fasterxml.jackson.databind.JsonNode eye = LiveEye.read(run.dir());
                if (eye instanceof ObjectNode o) {
                    o.put("run", i);
                    publish(new Event("eye", new String(Json.bytes(o), java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
            String version = run.version();
            if (version.equals(seen.get(run))) {
                continue;
            }
            seen.put(run, version);
            ObjectNode data;
            try {
                data = run.metrics();
            } catch (InputException e) {
                data = Json.object();
                data.put("error", e.userMessage());
            } catch (RuntimeException e) {
                data = Json.object();
                data.put("error", run.dir() + ": " + e);
            }
            data.put("run", i);
            publish(new Event("run", new String(Json.bytes(data), java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private void publish(Event e) {
        for (BlockingQueue<Event> q : subscribers) {
            q.offer(e); // a subscriber that stopped reading loses events rather than holding memory
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
