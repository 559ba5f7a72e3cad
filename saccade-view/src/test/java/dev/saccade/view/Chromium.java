package dev.saccade.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol with the JDK's WebSocket client: no driver,
 * nothing downloaded. It listens on a loopback port only, keeps its profile in a temporary
 * directory, and collects the page's console errors and uncaught exceptions.
 */
final class Chromium implements AutoCloseable {
    /** Every wait is bounded by this. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The browser: $SACCADE_CHROMIUM, or Debian's chromium, or another Chromium on the usual paths. */
    static Optional<Path> find() {
        String env = System.getenv("SACCADE_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(Files::isExecutable);
        }
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    /** Starts {@code exe} headless with its profile in {@code profile} and attaches to its page. */
    static Chromium launch(Path exe, Path profile, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(exe.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            String pageSocket = null;
            while (pageSocket == null) {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page")) {
                        pageSocket = t.get("webSocketDebuggerUrl").asText();
                    }
                }
                if (pageSocket == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("Chromium opened no page");
                    }
                    Thread.sleep(50);
                }
            }
            Chromium[] self = new Chromium[1];
            Listener listener = new Listener(self);
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(pageSocket), listener)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Chromium c = new Chromium(p, ws);
            self[0] = c;
            c.call("Runtime.enable", null);
            c.call("Log.enable", null);
            c.call("Page.enable", null);
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException(e);
        }
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        try {
            socket.sendText(JSON.writeValueAsString(msg), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + ": " + reply.get("error"));
            }
            return reply.path("result");
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(method + " failed", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON. */
    JsonNode eval(String expression) {
        ObjectNode p = JSON.createObjectNode();
        p.put("expression", expression);
        p.put("returnByValue", true);
        p.put("awaitPromise", true);
        JsonNode r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw on " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits (bounded) until {@code condition} evaluates to true in the page; fails with {@code what} otherwise. */
    void waitUntil(String condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode v;
            try {
                v = eval("Boolean(" + condition + ")");
            } catch (IllegalStateException e) {
                v = null; // the page is between documents
            }
            if (v != null && v.asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (" + condition + "); console errors: " + consoleErrors);
            }
            Thread.sleep(25);
        }
    }

    /** Opens {@code url} and waits for the document to load. */
    void open(String url) throws InterruptedException {
        eval("window.__replaced = true"); // a mark the new document will not have (its URL may change at once)
        ObjectNode p = JSON.createObjectNode();
        p.put("url", url);
        call("Page.navigate", p);
        waitUntil("!window.__replaced && document.readyState === 'complete'", "the page " + url + " to load");
    }

    /** Presses and releases a key (DOM key name, code and Windows key code), as a user would. */
    void press(String key, String code, int keyCode) {
        for (String type : List.of("keyDown", "keyUp")) {
            ObjectNode p = JSON.createObjectNode();
            p.put("type", type);
            p.put("key", key);
            p.put("code", code);
            p.put("windowsVirtualKeyCode", keyCode);
            if (key.length() == 1 && type.equals("keyDown")) {
                p.put("text", key);
            }
            call("Input.dispatchKeyEvent", p);
        }
    }

    /** A PNG of the whole page. */
    byte[] screenshot() {
        ObjectNode p = JSON.createObjectNode();
        p.put("format", "png");
        p.put("captureBeyondViewport", true);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", p).get("data").asText());
    }

    /** Console errors and uncaught exceptions since the last {@link #clearConsole()}. */
    List<String> consoleErrors() {
        return new ArrayList<>(consoleErrors);
    }

    void clearConsole() {
        consoleErrors.clear();
    }

    private void onMessage(String text) {
        try {
            JsonNode m = JSON.readTree(text);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
                return;
            }
            String method = m.path("method").asText();
            JsonNode params = m.path("params");
            switch (method) {
                case "Runtime.consoleAPICalled" -> {
                    if (params.path("type").asText().equals("error")) {
                        consoleErrors.add("console.error: " + params.path("args"));
                    }
                }
                case "Runtime.exceptionThrown" -> consoleErrors.add("exception: " + params.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        consoleErrors.add("log: " + params.path("entry").path("text").asText() + " "
                                + params.path("entry").path("url").asText());
                    }
                }
                default -> { }
            }
        } catch (IOException e) {
            consoleErrors.add("unreadable DevTools message: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins a message's fragments and hands complete messages to the browser object. */
    private static final class Listener implements WebSocket.Listener {
        private final Chromium[] owner;
        private final StringBuilder buffer = new StringBuilder();
        private final List<String> early = new ArrayList<>();

        Listener(Chromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                if (owner[0] == null) {
                    early.add(text);
                } else {
                    early.forEach(owner[0]::onMessage);
                    early.clear();
                    owner[0].onMessage(text);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
