package org.astronrpa.openapi.simulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load generator of the issue 9 benchmarks (docs/BENCHMARKS.md, "Issue 9"), run by {@code bench/abuse.sh}:
 *
 * <pre>
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.SocketAbuseBench flood      --base URL --pid PID [--clients 100] [--seconds 300] [--sample-seconds 30]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.SocketAbuseBench log-append --base URL [--lines 50000] [--batch 500] [--pairs 8]
 * </pre>
 *
 * {@code flood}: {@code clients} robots (of one user) on plain sockets send {@code {"channel":"ping"}} as fast as
 * they can and never read; one cut off connects again at once. A healthy robot of another user runs an execution
 * every second meanwhile. The service's heap is read after a full GC ({@code jcmd PID GC.run}) before, every
 * {@code sample-seconds} during, and after the flood. {@code log-append}: robots stream log lines of RUNNING
 * executions in batches, each batch timed until its last line can be read back: batches on a fresh execution
 * alternate with batches on one that has {@code lines} lines already.
 * One {@code BENCH scenario=… key=value …} line per measurement on stdout.
 */
public final class SocketAbuseBench {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String USER = "bench-abuse";
    private static final String PROJECT = "bp-bench-abuse";
    /** The flooders are another user's robots: the same user's would be handed its executions while still connected. */
    private static final String FLOOD_USER = "bench-abuse-flood";

    private final Map<String, String> opts;
    private final String base;
    private final URI ws;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private SocketAbuseBench(Map<String, String> opts) {
        this.opts = opts;
        this.base = opts.getOrDefault("base", "http://127.0.0.1:8020");
        this.ws = URI.create(base.replaceFirst("^http", "ws") + "/ws");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args, "SocketAbuseBench flood|log-append --base URL [options]");
        SocketAbuseBench bench = new SocketAbuseBench(opts);
        switch (args[0]) {
            case "flood" -> bench.flood();
            case "log-append" -> bench.logAppend();
            default -> {
                System.err.println("unknown subcommand " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------ flood

    private void flood() throws Exception {
        int clients = Integer.parseInt(opts.getOrDefault("clients", "100"));
        long seconds = Long.parseLong(opts.getOrDefault("seconds", "300"));
        long sampleSeconds = Long.parseLong(opts.getOrDefault("sample-seconds", "30"));
        long pid = Long.parseLong(opts.get("pid"));
        upsertWorkflow();
        SimulatedRobot healthy = SimulatedRobot.builder(ws).name("bench-abuse-healthy").userId(USER)
                .behaviour(Behaviour.echo(0)).frameLogLimit(0).httpClient(http).start();
        if (!healthy.awaitConnected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the healthy robot did not connect");
        }
        for (int i = 0; i < 20; i++) {
            startAndWait();   // warm-up
        }
        emitHeap("flood-idle", pid, "");
        AtomicLong pings = new AtomicLong();
        AtomicLong cuts = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> flooders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            flooders.add(Thread.ofVirtual().start(() -> floodUntil(end, pings, cuts)));
        }
        AtomicLong executionsOk = new AtomicLong();
        AtomicLong executionsFailed = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>("none");
        Thread work = Thread.ofVirtual().start(() -> {
            while (System.nanoTime() < end) {
                try {
                    startAndWait();
                    executionsOk.incrementAndGet();
                } catch (Exception e) {
                    executionsFailed.incrementAndGet();
                    firstFailure.compareAndSet("none", e.toString().replace(' ', '_'));
                }
                sleep(1_000);
            }
        });
        long t0 = System.nanoTime();
        while (System.nanoTime() + TimeUnit.SECONDS.toNanos(sampleSeconds) <= end) {
            sleep(sampleSeconds * 1000);
            emitHeap("flood-during", pid, String.format(Locale.ROOT, " at_s=%.0f pings=%d cuts=%d",
                    (System.nanoTime() - t0) / 1e9, pings.get(), cuts.get()));
        }
        for (Thread t : flooders) {
            t.join();
        }
        work.join();
        sleep(3_000);   // the last flooders' connections are cut
        emitHeap("flood-after", pid, String.format(Locale.ROOT,
                " pings=%d cuts=%d executions_ok=%d executions_failed=%d robots_listed=%d flood_robots_listed=%d first_failure=%s",
                pings.get(), cuts.get(), executionsOk.get(), executionsFailed.get(), robotsListed(USER),
                robotsListed(FLOOD_USER), firstFailure.get()));
        healthy.close();
    }

    /** One non-reading client: connects, floods pings until cut off, connects again, until {@code end}. */
    private void floodUntil(long end, AtomicLong pings, AtomicLong cuts) {
        byte[] batch = pingBatch(64);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 10_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /ws HTTP/1.1\r\nHost: " + ws.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                        + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16])
                        + "\r\nX-User-Id: " + FLOOD_USER + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                skipHeaders(s.getInputStream());
                while (System.nanoTime() < end) {
                    out.write(batch);
                    pings.addAndGet(64);
                }
            } catch (IOException cut) {
                cuts.incrementAndGet();
                sleep(50);
            }
        }
    }

    private static void skipHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static byte[] pingBatch(int n) {
        byte[] payload = "{\"channel\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        byte[] batch = new byte[frame.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        return batch;
    }

    /**
     * The heap live after a full collection ({@code jvm_gc_live_data_size_bytes}, what the collection kept), and the
     * heap in use a moment later (that adds what the flood allocated since: garbage), from the service's metrics.
     */
    private void emitHeap(String scenario, long pid, String extra) throws Exception {
        new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        double heap = 0;
        double live = Double.NaN;
        for (String line : get("/metrics").split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("jvm_gc_live_data_size_bytes ")) {
                live = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=%s live_after_gc_mib=%.1f heap_used_mib=%.1f%s%n", scenario,
                live / 1048576.0, heap / 1048576.0, extra);
        System.out.flush();
    }

    private int robotsListed(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/robots?limit=200"))
                .header("X-User-Id", user).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("data").path("total").asInt(-1);
    }

    // ------------------------------------------------------------------------------------------ log-append

    /**
     * Fills one execution's log with {@code lines} lines (unmeasured; also the JIT's warm-up), then alternates
     * batches on a fresh execution (from line 1) and on the full one (from line {@code lines} + 1), {@code pairs}
     * times each, so that both are measured under the same conditions.
     */
    private void logAppend() throws Exception {
        int lines = Integer.parseInt(opts.getOrDefault("lines", "50000"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "500"));
        int pairs = Integer.parseInt(opts.getOrDefault("pairs", "8"));
        upsertWorkflow();
        WebSocket longLog = logRobot();
        WebSocket shortLog = logRobot();
        String full = startFor(longLog);
        for (int from = 1; from <= lines; from += batch) {
            sendBatch(longLog, full, from, Math.min(lines, from + batch - 1));
        }
        String fresh = startFor(shortLog);
        for (int pair = 0; pair < pairs; pair++) {
            int from = pair * batch + 1;
            emitBatch("short", fresh, from, sendBatch(shortLog, fresh, from, from + batch - 1), batch);
            emitBatch("long", full, lines + from, sendBatch(longLog, full, lines + from, lines + from + batch - 1), batch);
        }
        longLog.abort();
        shortLog.abort();
    }

    private static void emitBatch(String log, String id, int from, long nanos, int batch) {
        System.out.printf(Locale.ROOT, "BENCH scenario=log-append log=%s from=%d to=%d ms_per_line=%.4f%n", log, from,
                from + batch - 1, nanos / 1e6 / batch);
        System.out.flush();
    }

    /** A robot of its own per execution: each robot runs one execution at a time. */
    private WebSocket logRobot() throws Exception {
        java.util.concurrent.BlockingQueue<JsonNode> runs = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket robot = http.newWebSocketBuilder().header("X-User-Id", USER).buildAsync(ws, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonNode frame = JSON.readTree(partial.toString());
                    partial.setLength(0);
                    if ("run".equals(frame.path("key").asString(""))) {
                        runs.add(frame);
                    }
                }
                socket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        runFrames.put(robot, runs);
        sleep(300);   // registered before the execution is started
        return robot;
    }

    private final Map<WebSocket, java.util.concurrent.BlockingQueue<JsonNode>> runFrames = new java.util.HashMap<>();

    /** Starts an execution (never answered) that {@code robot}, the only idle robot, receives. */
    private String startFor(WebSocket robot) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/executions"))
                .header("X-User-Id", USER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project_id\":\"" + PROJECT + "\",\"params\":{},"
                        + "\"timeout_seconds\":86400}")).build(), HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(started.body()).path("data").path("execution").path("id").asString();
        JsonNode run = runFrames.get(robot).poll(10, TimeUnit.SECONDS);
        if (run == null || !id.equals(run.path("data").path("execution_id").asString(""))) {
            throw new IllegalStateException("execution " + id + " did not reach the expected robot");
        }
        return id;
    }

    /** Sends lines {@code from..to} and waits until the last one can be read back; returns the time taken. */
    private long sendBatch(WebSocket robot, String id, int from, int to) throws Exception {
        String message = "step %d of the robot's long run: clicked the button and read the table";
        long t0 = System.nanoTime();
        for (int seq = from; seq <= to; seq++) {
            robot.sendText("{\"channel\":\"execution\",\"key\":\"log\",\"data\":{\"execution_id\":\"" + id
                    + "\",\"level\":\"info\",\"message\":\"" + String.format(Locale.ROOT, message, seq) + "\"}}", true).join();
        }
        while (!stored(id, to)) {
            sleep(1);
        }
        return System.nanoTime() - t0;
    }

    private boolean stored(String id, int seq) throws Exception {
        String body = get("/executions/" + id + "/logs?after=" + (seq - 1) + "&limit=1", USER);
        return JSON.readTree(body).path("data").path("records").size() == 1;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void upsertWorkflow() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "/workflows/upsert"))
                .header("X-User-Id", USER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project_id\":\"" + PROJECT + "\",\"name\":\"Bench abuse\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void startAndWait() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/executions?wait=30"))
                .header("X-User-Id", USER).header("Content-Type", "application/json").timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.ofString("{\"project_id\":\"" + PROJECT + "\",\"params\":{}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String status = JSON.readTree(r.body()).path("data").path("execution").path("status").asString("");
        if (r.statusCode() != 200 || !status.equals("COMPLETED")) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " " + status);
        }
    }

    private String get(String path) throws Exception {
        return get(path, null);
    }

    private String get(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (user != null) {
            request.header("X-User-Id", user);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
