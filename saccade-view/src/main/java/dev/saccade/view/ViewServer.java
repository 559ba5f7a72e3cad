package dev.saccade.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The viewer's web server, on the JDK's {@code com.sun.net.httpserver}: the page and its scripts
 * from the jar, and a small JSON/image API over a {@link ViewTarget}. A request that fails (a
 * corrupt video, a bad query) gets an error naming the file and place, shown in the page; the
 * server goes on serving.
 *
 * <p>API: {@code /api/target} (what is shown), {@code /api/episode?episode=E} (arrays and gaze
 * traces), {@code /api/stats} (every episode's statistics), {@code /api/frame?episode=E&frame=F} (JPEG), {@code /api/pyramid?episode=E&frame=F&yaw=Y&pitch=P[&size=S]}
 * (PNG, degrees), {@code /api/run?index=I}, {@code /api/evaluation?index=I}, {@code /api/live-run?index=I}
 * (a closed-loop run's latest snapshot), {@code /api/live} (server-sent events as training and
 * closed-loop runs write), {@code /api/reopen} (look at the paths again: a finished run's recording).
 */
public final class ViewServer implements AutoCloseable {
    /** The address bound unless another is asked for: loopback only. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Seconds between keep-alive comments on an idle event stream (they also find closed clients). */
    static final long KEEPALIVE_SECONDS = 15;

    static {
        // Without TCP_NODELAY, a small response (a pyramid) waits for the browser's delayed ACK: ~40 ms each.
        // The JDK's server reads this once, when it first starts one.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/plot.js", "plot.js", "/app.css", "app.css");

    private volatile ViewTarget target;
    private final HttpServer server;
    private final ExecutorService pool;
    private volatile LiveFeed live;
    private final PrintStream log;
    /** The paths the target was found in (null: given a target, which cannot be reopened). */
    private final List<java.nio.file.Path> paths;

    private ViewServer(ViewTarget target, List<java.nio.file.Path> paths, HttpServer server, ExecutorService pool, PrintStream log) {
        this.target = target;
        this.paths = paths;
        this.server = server;
        this.pool = pool;
        this.log = log;
        this.live = new LiveFeed(target.runs(), target.liveRuns());
    }

    /**
     * Finds what {@code paths} hold ({@link ViewTarget#open}) and serves it as {@link #start(ViewTarget, String, int, PrintStream)}
     * does; this server can look again ({@code /api/reopen}), as when a watched run finishes and its recording appears.
     */
    public static ViewServer start(List<java.nio.file.Path> paths, String host, int port, PrintStream log) {
        ViewTarget target = ViewTarget.open(paths);
        try {
            return start(target, List.copyOf(paths), host, port, log);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /**
     * Serves {@code target} on {@code host:port} (port 0 picks a free one). Throws
     * {@link InputException} with one line if the address cannot be bound (a port in use).
     * Failed requests are logged to {@code log}, one line each.
     */
    public static ViewServer start(ViewTarget target, String host, int port, PrintStream log) {
        return start(target, null, host, port, log);
    }

    private static ViewServer start(ViewTarget target, List<java.nio.file.Path> paths, String host, int port, PrintStream log) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (BindException e) {
            throw new InputException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another viewer running? choose another --port)");
        } catch (IOException e) {
            throw new InputException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "saccade-view-http");
            t.setDaemon(true);
            return t;
        });
        ViewServer view = new ViewServer(target, paths, server, pool, log);
        server.createContext("/", view::handle);
        server.setExecutor(pool);
        server.start();
        return view;
    }

    /** One line per thing shown (see {@link ViewTarget#describe}). */
    public List<String> describe() {
        return target.describe();
    }

    /** The port bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address. */
    public URI url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? LOOPBACK : server.getAddress().getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        try {
            if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                send(x, 405, "application/json", error("only GET is served"));
            } else if (ASSETS.containsKey(path)) {
                asset(x, ASSETS.get(path));
            } else if (path.equals("/api/live")) {
                events(x);
            } else if (path.startsWith("/api/")) {
                api(x, path.substring(5), query(x.getRequestURI()));
            } else {
                send(x, 404, "application/json", error("no such page: " + path));
            }
        } catch (InputException e) {
            fail(x, 422, e.userMessage());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            fail(x, 400, path + ": " + e.getMessage());
        } catch (IOException e) {
            // the browser went away mid-response: nothing to tell it
            x.close();
        } catch (RuntimeException e) {
            fail(x, 500, path + ": " + e);
        }
    }

    private void fail(HttpExchange x, int status, String message) throws IOException {
        log.println("saccade view: " + message);
        try {
            send(x, status, "application/json", error(message));
        } catch (IOException | RuntimeException ignored) {
            x.close(); // headers were already sent: the browser sees a broken response
        }
    }

    private void api(HttpExchange x, String name, Map<String, String> q) throws IOException {
        switch (name) {
            case "target" -> send(x, 200, "application/json", Json.bytes(targetJson()));
            case "episode" -> send(x, 200, "application/json", Json.bytes(episodeJson(integer(q, "episode"))));
            case "stats" -> send(x, 200, "application/json", Json.bytes(dataset().allStats()));
            case "frame" -> {
                byte[] jpeg = dataset().frameJpeg(integer(q, "episode"), integer(q, "frame"));
                x.getResponseHeaders().set("Cache-Control", "max-age=600");
                send(x, 200, "image/jpeg", jpeg);
            }
            case "pyramid" -> {
                int size = q.containsKey("size") ? integer(q, "size") : dev.saccade.sphere.render.PyramidSpec.DEFAULT_SIZE;
                byte[] png = Jpeg.png(dataset().pyramid(integer(q, "episode"), integer(q, "frame"), number(q, "yaw"), number(q, "pitch"), size));
                send(x, 200, "image/png", png);
            }
            case "run" -> send(x, 200, "application/json", Json.bytes(target.runs().get(index(q, target.runs().size())).metrics()));
            case "evaluation" -> send(x, 200, "application/json",
                    Json.bytes(target.evaluations().get(index(q, target.evaluations().size())).json()));
            case "live-run" -> {
                int i = index(q, target.liveRuns().size());
                ObjectNode o = LiveRun.status(target.liveRuns().get(i), System.currentTimeMillis());
                o.put("index", i);
                send(x, 200, "application/json", Json.bytes(o));
            }
            case "reopen" -> send(x, 200, "application/json", Json.bytes(reopen()));
            default -> send(x, 404, "application/json", error("no such API: /api/" + name));
        }
    }

    /** Looks at the paths again and serves what they hold now (a finished run's recording); the old target is closed. */
    private synchronized ObjectNode reopen() {
        if (paths == null) {
            throw new IllegalArgumentException("this viewer was given what to show, not paths: start it again to see what changed");
        }
        ViewTarget fresh = ViewTarget.open(paths);
        ViewTarget old = target;
        LiveFeed oldLive = live;
        target = fresh;
        live = new LiveFeed(fresh.runs(), fresh.liveRuns());
        oldLive.close();
        old.close();
        log.println("saccade view: looked again: " + String.join("; ", fresh.describe()));
        return targetJson();
    }

    private DatasetSource dataset() {
        return target.dataset().orElseThrow(() -> new IllegalArgumentException(
                "no dataset: give the viewer a dataset directory beside the rollouts or runs"));
    }

    private ObjectNode targetJson() {
        ObjectNode o = Json.object();
        if (target.dataset().isPresent()) {
            o.set("dataset", target.dataset().get().summary());
        } else {
            o.putNull("dataset");
        }
        ArrayNode rollouts = o.putArray("rollouts");
        target.rollouts().forEach(r -> rollouts.add(r.summary()));
        ArrayNode runs = o.putArray("runs");
        target.runs().forEach(r -> runs.addObject().put("dir", r.dir().toString()).put("name", r.dir().getFileName().toString()));
        ArrayNode evals = o.putArray("evaluations");
        target.evaluations().forEach(e -> evals.addObject().put("dir", e.dir().toString()).put("name", e.dir().getFileName().toString()));
        ArrayNode liveRuns = o.putArray("live_runs");
        target.liveRuns().forEach(r -> liveRuns.addObject().put("dir", r.toString()).put("name", r.getFileName().toString()));
        o.put("reopen", paths != null);
        return o;
    }

    private ObjectNode episodeJson(int e) {
        ObjectNode o = dataset().episode(e);
        ArrayNode gaze = o.putArray("gaze");
        for (int i = 0; i < target.rollouts().size(); i++) {
            ObjectNode g = target.rollouts().get(i).episode(e, dataset()::chunkDirections);
            if (g != null) {
                g.put("regime", i);
                gaze.add(g);
            }
        }
        ObjectNode recorded = dataset().recordedTrace(e);
        if (recorded != null) {
            recorded.put("regime", target.rollouts().size());
            gaze.add(recorded);
        }
        return o;
    }

    private void events(HttpExchange x) throws IOException {
        LiveFeed feed = live;
        BlockingQueue<LiveFeed.Event> queue = feed.subscribe();
        try {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!pool.isShutdown()) {
                LiveFeed.Event e = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                String text = e == null ? ": keep-alive\n\n" : "event: " + e.name() + "\ndata: " + e.data() + "\n\n";
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page was closed
        } finally {
            feed.unsubscribe(queue);
            x.close();
        }
    }

    private void asset(HttpExchange x, String name) throws IOException {
        try (InputStream in = ViewServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from the jar");
            }
            String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            send(x, 200, type + "; charset=utf-8", in.readAllBytes());
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
        x.close();
    }

    private static byte[] error(String message) {
        ObjectNode o = Json.object();
        o.put("error", message);
        return Json.bytes(o);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static int integer(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing query parameter '" + key + "'");
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be an integer, got '" + v + "'");
        }
    }

    private static double number(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing query parameter '" + key + "'");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number, got '" + v + "'");
        }
    }

    private static int index(Map<String, String> q, int size) {
        int i = integer(q, "index");
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("index " + i + " out of range: there are " + size);
        }
        return i;
    }

    /** Stops serving (open event streams end) and closes the target. */
    @Override
    public void close() {
        live.close();
        server.stop(0);
        pool.shutdownNow();
        target.close();
    }
}
