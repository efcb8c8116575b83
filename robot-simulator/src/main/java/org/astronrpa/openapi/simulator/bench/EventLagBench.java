package org.astronrpa.openapi.simulator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import static org.astronrpa.openapi.simulator.bench.BenchSupport.abbreviate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event delivery lag (docs/BENCHMARKS.md, issue 11): how long after an execution's change is decided and committed
 * a {@code /ws/events} watcher hears of it, under an open-loop load of a fixed number of executions a second.
 *
 * <p>{@code users} users each have one simulated robot (replies at once) and one watcher; a pacer starts
 * executions ({@code POST /executions}, no wait) round robin over the users at {@code rate} a second, on
 * schedule whether or not earlier ones have ended (an open loop: a slow service does not slow the load down).
 * For every {@code COMPLETED} status event a watcher receives during the measured window, the lag is its receive
 * time minus the execution's {@code end_time} (stamped by the service when it decided the end, before the commit,
 * in whole milliseconds: the figure includes the commit and errs high by under a millisecond). Both clocks are
 * this machine's. The run also counts events heard twice for one execution (must be 0) and executions started in
 * the window whose end was never heard after a drain (must be 0).
 *
 * <pre>
 * BenchMain event-lag --base URL [--rate 200] [--users 16] [--seconds 20] [--warmup-seconds 5] [--tag T]
 * </pre>
 */
final class EventLagBench {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String base;
    private final Map<String, String> opts;
    private final Samples lags = new Samples();
    /** Executions whose COMPLETED event a watcher heard, and how many times. */
    private final Map<String, AtomicInteger> heard = new ConcurrentHashMap<>();
    private final Set<String> startedInWindow = ConcurrentHashMap.newKeySet();
    private final AtomicInteger startErrors = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile long measureFromNanos;
    private volatile long measureToNanos;

    EventLagBench(HttpClient http, String base, Map<String, String> opts) {
        this.http = http;
        this.base = base;
        this.opts = opts;
    }

    void run() throws Exception {
        double rate = Double.parseDouble(opts.getOrDefault("rate", "200"));
        int users = Integer.parseInt(opts.getOrDefault("users", "16"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "20"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup-seconds", "5"));
        String tag = opts.getOrDefault("tag", "-");
        URI robotUri = URI.create(base.replaceFirst("^http", "ws") + "/ws");
        URI eventsUri = URI.create(base.replaceFirst("^http", "ws") + "/ws/events");

        List<SimulatedRobot> robots = new ArrayList<>();
        List<WebSocket> watchers = new ArrayList<>();
        try {
            for (int i = 1; i <= users; i++) {
                String user = user(i);
                BenchSupport.upsertWorkflow(http, base, user);
                robots.add(SimulatedRobot.builder(robotUri).name("bench-lag-robot-" + i).userId(user)
                        .behaviour(Behaviour.echo(0)).frameLogLimit(0).reconnectDelay(Duration.ofSeconds(1))
                        .httpClient(http).start());
                watchers.add(http.newWebSocketBuilder().header("X-User-Id", user).connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(eventsUri, new Watcher()).join());
            }
            for (SimulatedRobot r : robots) {
                if (!r.awaitConnected(Duration.ofSeconds(30))) {
                    throw new IllegalStateException(r + " did not connect");
                }
            }
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            measureFromNanos = start + (long) (warmup * 1e9);
            measureToNanos = measureFromNanos + (long) (seconds * 1e9);
            long sent = 0;
            List<Thread> starts = new ArrayList<>();
            for (long k = 0; ; k++) {
                long due = start + k * interval;
                if (due >= measureToNanos) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean measured = due >= measureFromNanos;
                String user = user((int) (k % users) + 1);
                starts.add(Thread.ofVirtual().start(() -> start(user, measured)));
                sent++;
            }
            // every start answered before the drain: one still in flight when the robots close would be dispatched
            // to a closing robot (and its user's robot of the next round would wait for that run's reply), or be
            // counted missing for being answered after the drain's look
            long answeredBy = System.nanoTime() + 70_000_000_000L;   // two tries of 30 s each, and some
            for (Thread started : starts) {
                long left = answeredBy - System.nanoTime();
                if (left <= 0 || !started.join(Duration.ofNanos(left))) {
                    throw new IllegalStateException("starts still unanswered 70 s after the last was sent");
                }
            }
            // drain: every execution started in the window ends within a few seconds when the service keeps up
            long drainUntil = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < drainUntil && !allHeard()) {
                Thread.sleep(100);
            }
            int missing = 0;
            for (String id : startedInWindow) {
                if (!heard.containsKey(id)) {
                    missing++;
                }
            }
            int duplicates = 0;
            for (AtomicInteger n : heard.values()) {
                duplicates += Math.max(0, n.get() - 1);
            }
            System.out.printf(Locale.ROOT,
                    "BENCH scenario=event-lag tag=%s rate=%.0f users=%d seconds=%.1f started=%d started_in_window=%d "
                            + "achieved_per_s=%.1f events=%d %s duplicates=%d missing=%d errors=%d%s%n",
                    tag, rate, users, seconds, sent, startedInWindow.size(), startedInWindow.size() / seconds,
                    lags.size(), lags.summary(), duplicates, missing, startErrors.get(),
                    firstError.get() == null ? "" : " first_error=\"" + firstError.get().replace('"', '\'') + "\"");
            System.out.flush();
        } finally {
            robots.forEach(SimulatedRobot::close);
            watchers.forEach(WebSocket::abort);
        }
    }

    private boolean allHeard() {
        for (String id : startedInWindow) {
            if (!heard.containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts one execution. A pooled connection the server closed as idle fails the send at once (the JDK client
     * does not retry a POST): it is sent again, under the same {@code Idempotency-Key}, so never started twice.
     */
    private void start(String user, boolean measured) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/executions"))
                    .header("X-User-Id", user).header("Content-Type", "application/json")
                    .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(BenchSupport.startBody(user)))
                    .build();
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException stale) {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " " + abbreviate(r.body()));
            }
            String id = JSON.readTree(r.body()).path("data").path("execution").path("id").asString();
            if (id.isEmpty()) {
                throw new IllegalStateException("no execution id in " + abbreviate(r.body()));
            }
            if (measured) {
                startedInWindow.add(id);
            }
        } catch (Exception e) {
            if (measured) {
                startErrors.incrementAndGet();
            }
            firstError.compareAndSet(null, e.toString());
        }
    }

    /** A /ws/events client: times every COMPLETED status event it receives in the measured window. */
    private final class Watcher implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Instant received = Instant.now();
                long receivedNanos = System.nanoTime();
                heardFrame(partial.toString(), received, receivedNanos);
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private void heardFrame(String text, Instant received, long receivedNanos) {
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (RuntimeException e) {
                firstError.compareAndSet(null, "unreadable event " + abbreviate(text));
                return;
            }
            JsonNode execution = frame.path("execution");
            if (!"execution.status".equals(frame.path("type").asString())
                    || !"COMPLETED".equals(execution.path("status").asString())) {
                return;
            }
            heard.computeIfAbsent(execution.path("id").asString(), id -> new AtomicInteger()).incrementAndGet();
            if (receivedNanos >= measureFromNanos && receivedNanos < measureToNanos) {
                Instant ended = Instant.parse(execution.path("end_time").asString());
                lags.add(Math.max(0, Duration.between(ended, received).toNanos()));
            }
        }
    }

    private static String user(int i) {
        return "bench-lag-" + i;
    }
}
