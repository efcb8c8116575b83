package org.astronrpa.openapi.simulator.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
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
 * Webhook delivery (docs/BENCHMARKS.md, issue 15), against a receiver this process runs on 127.0.0.1 (the service
 * started with WEBHOOK_ALLOW_HTTP=true and WEBHOOK_ALLOWED_HOSTS=127.0.0.1).
 *
 * <p><b>lag</b>: {@code users} users, each with a simulated robot that replies at once and a subscription to every
 * event ({@code "*"}) at {@code /fast/<user>}; executions are started open loop ({@code POST /executions}, no wait)
 * round robin at {@code rate} a second, each one making three events (queued, started, completed). For every
 * delivery received whose event happened in the measured window, the lag is its receipt minus the event's
 * {@code occurred_at} (stamped by the service before its commit, whole milliseconds): commit, relay, the delivery's
 * making, its claim and the request together. Also counted: events received twice (the same event id; at least once
 * allows it, the normal case should not) and executions started in the window whose completion never arrived.
 *
 * <p><b>slow receiver</b>: round trips ({@code POST /executions?wait=30}, closed loop at {@code rt-concurrency}
 * clients over the users) measured without, then with, {@code slow} more subscriptions (of the first users, every
 * event) at {@code /hang/...}, which answers after {@code hang-seconds}: the service's attempts to them time out and
 * are retried, in flight all the time. Rounds alternate (without, with; the slow ones deleted between), {@code rounds}
 * times; the figure is the ratio of the medians of the rounds' p99.
 *
 * <pre>
 * BenchMain webhooks --base URL [--rate 170] [--users 16] [--seconds 30] [--warmup-seconds 5] [--rt-seconds 15]
 *                   [--rt-concurrency 16] [--slow 4] [--hang-seconds 30] [--rounds 2] [--tag T]
 * </pre>
 */
final class WebhookBench {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String base;
    private final Map<String, String> opts;
    private final Samples lags = new Samples();
    private final Map<String, AtomicInteger> events = new ConcurrentHashMap<>();
    private final Set<String> completed = ConcurrentHashMap.newKeySet();
    private final Set<String> startedInWindow = ConcurrentHashMap.newKeySet();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger hung = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile Instant windowFrom = Instant.MAX;
    private volatile Instant windowTo = Instant.MAX;
    private volatile long hangMillis;
    private HttpServer receiver;

    WebhookBench(HttpClient http, String base, Map<String, String> opts) {
        this.http = http;
        this.base = base;
        this.opts = opts;
    }

    void run() throws Exception {
        double rate = Double.parseDouble(opts.getOrDefault("rate", "170"));
        int users = Integer.parseInt(opts.getOrDefault("users", "16"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "30"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup-seconds", "5"));
        double rtSeconds = Double.parseDouble(opts.getOrDefault("rt-seconds", "15"));
        int rtConcurrency = Integer.parseInt(opts.getOrDefault("rt-concurrency", "16"));
        int slow = Integer.parseInt(opts.getOrDefault("slow", "4"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        hangMillis = (long) (Double.parseDouble(opts.getOrDefault("hang-seconds", "30")) * 1000);
        String tag = opts.getOrDefault("tag", "-");
        if (rtConcurrency > users) {
            throw new IllegalArgumentException("rt-concurrency must not exceed users (one robot a user)");
        }
        startReceiver();
        URI robotUri = URI.create(base.replaceFirst("^http", "ws") + "/ws");
        List<SimulatedRobot> robots = new ArrayList<>();
        try {
            for (int i = 1; i <= users; i++) {
                String user = user(i);
                BenchSupport.upsertWorkflow(http, base, user);
                subscribe(user, receiverUrl("/fast/" + user));
                robots.add(SimulatedRobot.builder(robotUri).name("bench-hook-robot-" + i).userId(user)
                        .behaviour(Behaviour.echo(0)).frameLogLimit(0).reconnectDelay(Duration.ofSeconds(1))
                        .httpClient(http).start());
            }
            for (SimulatedRobot r : robots) {
                if (!r.awaitConnected(Duration.ofSeconds(30))) {
                    throw new IllegalStateException(r + " did not connect");
                }
            }
            lag(rate, users, seconds, warmup, tag);
            slowReceiver(users, rtSeconds, rtConcurrency, slow, rounds, tag);
        } finally {
            robots.forEach(SimulatedRobot::close);
            receiver.stop(0);
        }
    }

    private void lag(double rate, int users, double seconds, double warmup, String tag) throws Exception {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        Instant startWall = Instant.now();
        windowFrom = startWall.plusMillis((long) (warmup * 1000));
        windowTo = windowFrom.plusMillis((long) (seconds * 1000));
        long measureTo = start + (long) ((warmup + seconds) * 1e9);
        long measureFrom = start + (long) (warmup * 1e9);
        List<Thread> starts = new ArrayList<>();
        for (long k = 0; ; k++) {
            long due = start + k * interval;
            if (due >= measureTo) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = due >= measureFrom;
            String user = user((int) (k % users) + 1);
            starts.add(Thread.ofVirtual().start(() -> start(user, measured)));
        }
        for (Thread t : starts) {
            t.join(Duration.ofSeconds(70));
        }
        long drainUntil = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < drainUntil && !completed.containsAll(startedInWindow)) {
            Thread.sleep(100);
        }
        int missing = 0;
        for (String id : startedInWindow) {
            if (!completed.contains(id)) {
                missing++;
            }
        }
        int duplicates = 0;
        for (AtomicInteger n : events.values()) {
            duplicates += Math.max(0, n.get() - 1);
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=webhook-lag tag=%s rate=%.0f users=%d seconds=%.1f "
                        + "started_in_window=%d events_in_window=%d events_per_s=%.1f %s duplicates=%d missing=%d "
                        + "errors=%d%s%n", tag, rate, users, seconds, startedInWindow.size(), lags.size(),
                lags.size() / seconds, lags.summary(), duplicates, missing, errors.get(),
                firstError.get() == null ? "" : " first_error=\"" + firstError.get().replace('"', '\'') + "\"");
        System.out.flush();
        windowFrom = Instant.MAX;
    }

    private void slowReceiver(int users, double rtSeconds, int concurrency, int slow, int rounds, String tag)
            throws Exception {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Samples base = roundTrips(concurrency, rtSeconds);
            without.add(Samples.percentileMs(base.sorted(), 99));
            emitRoundTrips(tag, round, "none", base);
            List<String> slowOnes = new ArrayList<>();
            for (int i = 1; i <= slow; i++) {
                slowOnes.add(subscribe(user(i), receiverUrl("/hang/" + user(i))) + " " + user(i));
            }
            Thread.sleep(2_000);   // the slow receivers' first attempts are in flight
            Samples hanging = roundTrips(concurrency, rtSeconds);
            with.add(Samples.percentileMs(hanging.sorted(), 99));
            emitRoundTrips(tag, round, slow + "x" + (hangMillis / 1000) + "s", hanging);
            for (String one : slowOnes) {
                String[] idAndUser = one.split(" ");
                send("DELETE", "/webhooks/" + idAndUser[0], idAndUser[1], null);
            }
            Thread.sleep(12_000);   // the attempts in flight to them time out (10 s) before the next baseline
        }
        double a = median(without);
        double b = median(with);
        System.out.printf(Locale.ROOT, "BENCH scenario=webhook-slow-receiver tag=%s slow=%d hang_s=%d rounds=%d "
                        + "p99_without_ms=%.3f p99_with_ms=%.3f ratio=%.3f hung_requests=%d%n", tag, slow,
                hangMillis / 1000, rounds, a, b, b / a, hung.get());
        System.out.flush();
    }

    private void emitRoundTrips(String tag, int round, String slow, Samples samples) {
        System.out.printf(Locale.ROOT, "BENCH scenario=webhook-roundtrip tag=%s round=%d slow=%s n=%d %s%n", tag,
                round, slow, samples.size(), samples.summary());
        System.out.flush();
    }

    private Samples roundTrips(int concurrency, double seconds) throws InterruptedException {
        Samples samples = new Samples();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> clients = new ArrayList<>();
        for (int c = 1; c <= concurrency; c++) {
            String user = user(c);
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                                        + "/executions?wait=30")).header("X-User-Id", user)
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(40))
                                .POST(HttpRequest.BodyPublishers.ofString(BenchSupport.startBody(user))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                        }
                        samples.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        return samples;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void start(String user, boolean measured) {
        try {
            HttpResponse<String> r = send("POST", "/executions", user, BenchSupport.startBody(user));
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " " + abbreviate(r.body()));
            }
            if (measured) {
                startedInWindow.add(JSON.readTree(r.body()).at("/data/execution/id").asString());
            }
        } catch (Exception e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
        }
    }

    /** A subscription of {@code user} to every event at {@code url}; its id. */
    private String subscribe(String user, String url) throws Exception {
        HttpResponse<String> r = send("POST", "/webhooks", user, "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("subscribe: HTTP " + r.statusCode() + " " + abbreviate(r.body()));
        }
        return JSON.readTree(r.body()).at("/data/webhook/id").asString();
    }

    private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("X-User-Id", user)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException stale) {   // a pooled connection the server closed as idle: once more
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/fast/", exchange -> {
            Instant at = Instant.now();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            heard(body, at);
        });
        receiver.createContext("/hang/", exchange -> {
            hung.incrementAndGet();
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                Thread.sleep(hangMillis);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException | IOException e) {
                // the service gave up first (its timeout): nothing to answer
            } finally {
                exchange.close();
            }
        });
        receiver.start();
    }

    private void heard(String body, Instant at) {
        received.incrementAndGet();
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, "unreadable delivery " + abbreviate(body));
            return;
        }
        String id = event.path("id").asString();
        events.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if ("execution.completed".equals(event.path("type").asString())) {
            completed.add(event.at("/data/execution/id").asString());
        }
        Instant occurred = Instant.parse(event.path("occurred_at").asString());
        if (!occurred.isBefore(windowFrom) && occurred.isBefore(windowTo)) {
            lags.add(Math.max(0, Duration.between(occurred, at).toNanos()));
        }
    }

    private String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** The users of this run (its tag names them: a second run, a warm-up's successor, has users of its own). */
    private String user(int i) {
        return "bh-" + opts.getOrDefault("tag", "-") + "-" + i;
    }
}
