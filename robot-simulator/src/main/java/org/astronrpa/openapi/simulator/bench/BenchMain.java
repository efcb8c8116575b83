package org.astronrpa.openapi.simulator.bench;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;

import org.astronrpa.openapi.simulator.bench.BenchSupport.Result;
import static org.astronrpa.openapi.simulator.bench.BenchSupport.abbreviate;
import static org.astronrpa.openapi.simulator.bench.BenchSupport.startBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load generator of the execution benchmarks (docs/BENCHMARKS.md, "Issue 3 — executions" and "Issue 4 — several
 * instances"); run by {@code bench/executions.sh} and {@code bench/cluster.sh}. Prints one line per measurement,
 * {@code BENCH scenario=… key=value …}, on stdout.
 *
 * <pre>
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain roundtrip      --base http://127.0.0.1:8020 [--concurrency 1,16,64] [--seconds 5] [--warmup-seconds 2]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain idle-robots    --base … --pid PID [--count 10000] [--dispatches 200] [--warmup-dispatches 0]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain robots         --base … --pid PID [--count 10000] [--dispatches 200] [--warmup-dispatches 300]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain drain          --base … [--robots 1000] [--queued 100000] [--concurrency 16]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain waiters        --base … --ready-file F --release-file G [--count 2000] [--wait 60]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain cross-instance --base A --other B [--concurrency 1,16] [--seconds 5] [--warmup-seconds 2]
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain event-lag      --base … [--rate 200] [--users 16] [--seconds 20] [--warmup-seconds 5] (see EventLagBench)
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain schedules-fire --base A[,B] [--count 10000] [--minutes 3] (see ScheduleBench)
 * java -cp robot-simulator.jar org.astronrpa.openapi.simulator.bench.BenchMain schedules-idle --base … --pid PID [--count 100000] (see ScheduleBench)
 * </pre>
 *
 * HTTP goes through java.net.http (HTTP/1.1), one virtual thread per simulated client; latencies are sorted
 * raw samples (nearest-rank p50/p99).
 */
public final class BenchMain {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> opts;
    private final String base;
    private final URI ws;
    private final HttpClient http;

    private BenchMain(Map<String, String> opts) {
        this.opts = opts;
        this.base = opts.getOrDefault("base", "http://127.0.0.1:8020");
        this.ws = URI.create(base.replaceFirst("^http", "ws") + "/ws");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args,
                "BenchMain roundtrip|idle-robots|robots|drain|waiters|cross-instance|event-lag|schedules-fire|schedules-idle|webhooks --base URL [options] (see the class comment)");
        BenchMain bench = new BenchMain(opts);
        switch (args[0]) {
            case "roundtrip" -> bench.roundtrip();
            case "idle-robots" -> bench.idleRobots();
            case "robots" -> bench.managedRobots();
            case "drain" -> bench.drain();
            case "waiters" -> bench.waiters();
            case "cross-instance" -> bench.crossInstance();
            case "event-lag" -> new EventLagBench(bench.http, bench.base, opts).run();
            case "schedules-fire" -> new ScheduleBench(bench.http, bench.base, opts).fire();
            case "schedules-idle" -> new ScheduleBench(bench.http, bench.base, opts).idle();
            case "webhooks" -> new WebhookBench(bench.http, bench.base, opts).run();
            default -> {
                System.err.println("unknown subcommand " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------ roundtrip

    /**
     * For each concurrency c: c ping→pong loops on c robot connections (the baseline), then c clients each
     * starting executions with {@code ?wait=30} for its own user, whose one simulated robot replies at once.
     */
    private void roundtrip() throws Exception {
        List<Integer> levels = levels("1,16,64");
        int max = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "5"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup-seconds", "2"));
        String tag = opts.getOrDefault("tag", "");

        List<SimulatedRobot> robots = new ArrayList<>();
        List<PingSocket> pingers = new ArrayList<>();
        try {
            for (int i = 1; i <= max; i++) {
                upsertWorkflow(execUser(i));
                robots.add(SimulatedRobot.builder(ws).name("bench-robot-" + i).userId(execUser(i))
                        .behaviour(Behaviour.echo(0)).frameLogLimit(0).reconnectDelay(Duration.ofSeconds(1))
                        .httpClient(http).start());
            }
            for (SimulatedRobot r : robots) {
                if (!r.awaitConnected(Duration.ofSeconds(30))) {
                    throw new IllegalStateException(r + " did not connect");
                }
            }
            // after the robots: through a load balancer, robots and ping sockets are then spread each on its own
            for (int i = 1; i <= max; i++) {
                pingers.add(PingSocket.open(http, ws, "bench-ping-" + i));
            }
            emitRobotInstances(tag, max);
            for (int c : levels) {
                Result ping = BenchSupport.runLoops(c, warmup, seconds, i -> pingers.get(i).roundTrip());
                emit("ws-ping", tag, c, ping);
                Result exec = BenchSupport.runLoops(c, warmup, seconds, i -> startAndWait(base, execUser(i + 1)));
                emit("execution", tag, c, exec);
            }
        } finally {
            robots.forEach(SimulatedRobot::close);
            pingers.forEach(PingSocket::close);
        }
    }

    private static String execUser(int i) {
        return "bench-exec-" + i;
    }

    private List<Integer> levels(String defaults) {
        List<Integer> levels = new ArrayList<>();
        for (String c : opts.getOrDefault("concurrency", defaults).split(",")) {
            levels.add(Integer.parseInt(c.trim()));
        }
        return levels;
    }

    /** {@code POST /executions?wait=30} on {@code baseUrl} as {@code user}; throws unless 200 and COMPLETED. */
    private void startAndWait(String baseUrl, String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/executions?wait=30"))
                .header("X-User-Id", user).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.ofString(startBody(user))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !"COMPLETED".equals(status(r.body()))) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " " + abbreviate(r.body()));
        }
    }

    /**
     * Where the robots of users 1..n ended up ({@code GET /robots}, whose records name the instance holding each
     * connection): one line, {@code robots_by_instance={id=count,…}} — through a load balancer, how it spread them.
     */
    private void emitRobotInstances(String tag, int n) throws Exception {
        Map<String, Integer> byInstance = new java.util.TreeMap<>();
        for (int i = 1; i <= n; i++) {
            for (String instance : robotInstances(base, execUser(i))) {
                byInstance.merge(instance, 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=robot-instances tag=%s robots=%d instances=%d robots_by_instance=%s%n",
                tag.isEmpty() ? "-" : tag, n, byInstance.size(), byInstance.toString().replace(" ", ""));
        System.out.flush();
    }

    /** The {@code instance} of each of {@code user}'s robots, as {@code GET /robots} on {@code baseUrl} lists them. */
    private List<String> robotInstances(String baseUrl, String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/robots"))
                .header("X-User-Id", user).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /robots for " + user + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
        }
        List<String> instances = new ArrayList<>();
        for (JsonNode robot : JSON.readTree(r.body()).path("data").path("records")) {
            instances.add(robot.path("instance").asString("?"));
        }
        return instances;
    }

    private void emit(String scenario, String tag, int c, Result r) {
        System.out.printf(Locale.ROOT, "BENCH scenario=%s tag=%s concurrency=%d ops=%d seconds=%.2f per_s=%.1f %s errors=%d%s%n",
                scenario, tag.isEmpty() ? "-" : tag, c, r.samples().size(), r.seconds(), r.samples().size() / r.seconds(),
                r.samples().summary(), r.errors().get(),
                r.firstError().get() == null ? "" : " first_error=\"" + r.firstError().get().replace('"', '\'') + "\"");
        System.out.flush();
    }


    /** A robot connection (JDK WebSocket, as the simulator's) used only for ping → pong. */
    private static final class PingSocket implements WebSocket.Listener {
        private final AtomicReference<CompletableFuture<Void>> pong = new AtomicReference<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static PingSocket open(HttpClient http, URI ws, String user) {
            PingSocket p = new PingSocket();
            p.socket = http.newWebSocketBuilder().header("user_id", user).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(ws, p).join();
            return p;
        }

        void roundTrip() throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pong.set(f);
            socket.sendText(SimulatedRobot.PING, true).get(5, TimeUnit.SECONDS);
            f.get(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (partial.indexOf("\"pong\"") >= 0) {
                    CompletableFuture<Void> f = pong.getAndSet(null);
                    if (f != null) {
                        f.complete(null);
                    }
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.abort();
        }
    }

    // ------------------------------------------------------------------------------------------ cross-instance

    /**
     * Two instances sharing a database and Redis: every user's one simulated robot connects to instance A
     * ({@code --base}); at each concurrency c, c clients (one user each) start executions with {@code ?wait=30}
     * alternately on A — the robot's own instance (series {@code cross-same}) — and on B ({@code --other}), which
     * must route the run to A and hear its end back through Redis ({@code cross-remote}): both series in the
     * same run, under the same load. First checks through B's {@code GET /robots} that B sees every robot, held by
     * A, and that the two instances are different ones.
     */
    private void crossInstance() throws Exception {
        String other = opts.get("other");
        if (other == null) {
            throw new IllegalArgumentException("cross-instance needs --other URL (the second instance)");
        }
        List<Integer> levels = levels("1,16");
        int max = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "5"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup-seconds", "2"));
        String tag = opts.getOrDefault("tag", "");

        List<SimulatedRobot> robots = new ArrayList<>();
        try {
            for (int i = 1; i <= max; i++) {
                upsertWorkflow(crossUser(i));
                robots.add(SimulatedRobot.builder(ws).name("bench-cross-" + i).userId(crossUser(i))
                        .behaviour(Behaviour.echo(0)).frameLogLimit(0).reconnectDelay(Duration.ofSeconds(1))
                        .httpClient(http).start());
            }
            for (SimulatedRobot r : robots) {
                if (!r.awaitConnected(Duration.ofSeconds(30))) {
                    throw new IllegalStateException(r + " did not connect");
                }
            }
            // the other instance sees every robot (presence through Redis), each held by the robot's instance
            java.util.Set<String> heldBy = new java.util.TreeSet<>();
            int seen = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                heldBy.clear();
                seen = 0;
                for (int i = 1; i <= max; i++) {
                    List<String> instances = robotInstances(other, crossUser(i));
                    seen += instances.size();
                    heldBy.addAll(instances);
                }
                if (seen == max || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
            String selfA = robotInstances(base, crossUser(1)).stream().findFirst().orElse("?");
            System.out.printf(Locale.ROOT, "BENCH scenario=cross-setup tag=%s robots=%d seen_from_other=%d held_by=%s%n",
                    tag.isEmpty() ? "-" : tag, max, seen, heldBy.toString().replace(" ", ""));
            System.out.flush();
            if (seen != max || heldBy.size() != 1 || !heldBy.contains(selfA)) {
                throw new IllegalStateException("the other instance does not see the " + max + " robots held by " + selfA);
            }
            String[] targets = {base, other};
            for (int c : levels) {
                Result[] r = BenchSupport.runSeries(c, 2, warmup, seconds, (i, series, k) -> startAndWait(targets[series], crossUser(i + 1)));
                emitPair(tag, c, r[0], r[1]);
            }
        } finally {
            robots.forEach(SimulatedRobot::close);
        }
    }

    private static String crossUser(int i) {
        return "bench-cross-" + i;
    }

    /** Two series of one run (per-series rate = its operations over the whole measured time) and their ratio. */
    private void emitPair(String tag, int c, Result same, Result remote) {
        emit("cross-same", tag, c, same);
        emit("cross-remote", tag, c, remote);
        long[] a = same.samples().sorted();
        long[] b = remote.samples().sorted();
        System.out.printf(Locale.ROOT, "BENCH scenario=cross-ratio tag=%s concurrency=%d p50_ratio=%.3f p99_ratio=%.3f%n",
                tag.isEmpty() ? "-" : tag, c, Samples.percentileMs(b, 50) / Samples.percentileMs(a, 50),
                Samples.percentileMs(b, 99) / Samples.percentileMs(a, 99));
        System.out.flush();
    }

    // ------------------------------------------------------------------------------------------ idle robots

    /** {@code n} sequential {@code POST /executions?wait=30} for {@code user}; one BENCH line as {@code scenario}. */
    private void sequentialExecutions(String scenario, String user, int n) throws Exception {
        sequentialExecutions(scenario, user, startBody(user), n);
    }

    private void sequentialExecutions(String scenario, String user, String body, int n) throws Exception {
        Samples exec = new Samples();
        int errors = 0;
        String firstError = null;
        for (int k = 0; k < n; k++) {
            long s = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/executions?wait=30"))
                    .header("X-User-Id", user).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(40)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long d = System.nanoTime() - s;
            if (r.statusCode() == 200 && "COMPLETED".equals(status(r.body()))) {
                exec.add(d);
            } else {
                errors++;
                if (firstError == null) {
                    firstError = "HTTP " + r.statusCode() + " " + abbreviate(r.body());
                }
            }
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=%s ops=%d %s errors=%d%s%n", scenario, exec.size(),
                exec.summary(), errors, firstError == null ? "" : " first_error=\"" + firstError.replace('"', '\'') + "\"");
    }

    /**
     * The service's heap and RSS before, then with {@code count} idle robot connections (count − 1 lean
     * plain-socket robots pinging every 30 s, plus one simulated robot that runs executions); a ping → pong
     * sample on a few of them; {@code dispatches} sequential executions for the simulated robot's user.
     */
    private void idleRobots() throws Exception {
        int count = Integer.parseInt(opts.getOrDefault("count", "10000"));
        int dispatches = Integer.parseInt(opts.getOrDefault("dispatches", "200"));
        int parallel = Integer.parseInt(opts.getOrDefault("connect-parallel", "64"));
        int pingSample = Integer.parseInt(opts.getOrDefault("ping-sample", "20"));
        long pid = Long.parseLong(opts.get("pid"));
        int warmupDispatches = Integer.parseInt(opts.getOrDefault("warmup-dispatches", "0"));
        String target = "bench-idle-target";
        upsertWorkflow(target);
        emitMemory("idle-before", pid, 0, "");
        // the robot that runs executions connects first: its dispatches with no other robot connected are the
        // baseline (after a warm-up of the same kind), measured again with the idle crowd connected
        SimulatedRobot robot = SimulatedRobot.builder(ws).name("bench-idle-target").userId(target)
                .behaviour(Behaviour.echo(0)).frameLogLimit(0).httpClient(http).start();
        if (!robot.awaitConnected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the target robot did not connect");
        }
        sequentialExecutions("idle-warmup", target, warmupDispatches);
        sequentialExecutions("idle-dispatch-alone", target, dispatches);

        List<LeanRobot> lean = new ArrayList<>(count);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Semaphore gate = new Semaphore(parallel);
        long t0 = System.nanoTime();
        List<Thread> connecting = new ArrayList<>();
        LeanRobot[] slots = new LeanRobot[count - 1];
        for (int i = 0; i < count - 1; i++) {
            int n = i;
            gate.acquire();
            connecting.add(Thread.ofVirtual().start(() -> {
                try {
                    slots[n] = LeanRobot.connect(ws, "bench-idle-" + (n + 1), 30_000);
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                } finally {
                    gate.release();
                }
            }));
        }
        for (Thread t : connecting) {
            t.join();
        }
        for (LeanRobot r : slots) {
            if (r != null) {
                lean.add(r);
            }
        }
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        // keep-alive pings every 30 s, as the desktop robot, spread over the interval
        ScheduledKeepAlive keepAlive = new ScheduledKeepAlive(lean);
        System.out.printf(Locale.ROOT, "BENCH scenario=idle-connect requested=%d lean_connected=%d failed=%d seconds=%.1f%s%n",
                count, lean.size(), failed.get(), connectSeconds,
                firstFailure.get() == null ? "" : " first_failure=\"" + firstFailure.get().replace('"', '\'') + "\"");
        Thread.sleep(Long.parseLong(opts.getOrDefault("settle-seconds", "5")) * 1000);
        emitMemory("idle-connected", pid, lean.size() + 1, "");

        // ping → pong on a sample spread over the connections
        Samples pings = new Samples();
        int answered = 0;
        int asked = Math.min(pingSample, lean.size());
        for (int k = 0; k < asked; k++) {
            LeanRobot r = lean.get((int) ((long) k * lean.size() / asked));
            try {
                pings.add(r.ping().get(5, TimeUnit.SECONDS));
                answered++;
            } catch (Exception e) {
                // counted as unanswered
            }
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=idle-ping asked=%d answered=%d %s%n", asked, answered, pings.summary());

        sequentialExecutions("idle-dispatch", target, dispatches);
        long open = lean.stream().filter(LeanRobot::isOpen).count();
        emitMemory("idle-after", pid, open + 1, " lean_still_open=" + open);
        String why = lean.stream().filter(r -> !r.isOpen()).map(LeanRobot::closedBecause).findFirst().orElse(null);
        if (why != null) {
            System.out.println("BENCH scenario=idle-closed first_reason=\"" + why.replace('"', '\'') + "\"");
        }
        keepAlive.stop();
        robot.close();
        lean.forEach(LeanRobot::close);
    }

    /**
     * Issue 13: dispatch with {@code count} managed robots of one user connected, each with three labels. The user's
     * one robot that answers ({@code bench-target}, labels {@code pool=target,site=s0,os=windows}) runs sequential
     * executions aimed at it by id and by labels, first alone and then among the crowd; untargeted executions of
     * another user with a robot of its own are the baseline, measured before and with the crowd, same run. Memory
     * before and after the crowd connects gives the cost of a connected managed robot.
     */
    private void managedRobots() throws Exception {
        int count = Integer.parseInt(opts.getOrDefault("count", "10000"));
        int dispatches = Integer.parseInt(opts.getOrDefault("dispatches", "200"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup-dispatches", "300"));
        int parallel = Integer.parseInt(opts.getOrDefault("connect-parallel", "64"));
        long pid = Long.parseLong(opts.get("pid"));
        String owner = "bench-robots";
        String alone = "bench-robots-alone";
        upsertWorkflow(owner);
        upsertWorkflow(alone);
        SimulatedRobot aloneRobot = SimulatedRobot.builder(ws).name(alone).userId(alone).behaviour(Behaviour.echo(0))
                .frameLogLimit(0).httpClient(http).start();
        SimulatedRobot target = SimulatedRobot.builder(ws).name("bench-target").userId(owner).robotId("bench-target")
                .labels(new java.util.LinkedHashMap<>(Map.of("pool", "target", "site", "s0", "os", "windows")))
                .behaviour(Behaviour.echo(0)).frameLogLimit(0).httpClient(http).start();
        if (!aloneRobot.awaitConnected(Duration.ofSeconds(30)) || !target.awaitConnected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the answering robots did not connect");
        }
        Thread.sleep(500);   // their records are stored after the upgrade
        String project = BenchSupport.project(owner);
        String byId = "{\"project_id\":\"" + project + "\",\"params\":{\"a\":\"x\"},\"target\":{\"robot_id\":\"bench-target\"}}";
        String byLabels = "{\"project_id\":\"" + project + "\",\"params\":{\"a\":\"x\"},"
                + "\"target\":{\"labels\":{\"pool\":\"target\",\"os\":\"windows\"}}}";
        sequentialExecutions("robots-warmup-untargeted", alone, warmup);
        sequentialExecutions("robots-warmup-targeted", owner, byId, warmup);
        sequentialExecutions("robots-untargeted-alone", alone, dispatches);
        sequentialExecutions("robots-targeted-id-alone", owner, byId, dispatches);
        sequentialExecutions("robots-targeted-labels-alone", owner, byLabels, dispatches);
        emitMemory("robots-before", pid, 2, "");

        LeanRobot[] slots = new LeanRobot[count];
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Semaphore gate = new Semaphore(parallel);
        long t0 = System.nanoTime();
        List<Thread> connecting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            gate.acquire();
            connecting.add(Thread.ofVirtual().start(() -> {
                try {
                    slots[n] = LeanRobot.connect(ws, owner, Map.of("X-Robot-Id", "crowd-" + n, "X-Robot-Labels",
                            "pool=p" + (n % 1000) + ",site=s" + (n % 50) + ",os=" + (n % 2 == 0 ? "windows" : "linux")),
                            30_000);
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                } finally {
                    gate.release();
                }
            }));
        }
        for (Thread t : connecting) {
            t.join();
        }
        List<LeanRobot> lean = new ArrayList<>(count);
        for (LeanRobot r : slots) {
            if (r != null) {
                lean.add(r);
            }
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=robots-connect requested=%d connected=%d failed=%d seconds=%.1f%s%n",
                count, lean.size(), failed.get(), (System.nanoTime() - t0) / 1e9,
                firstFailure.get() == null ? "" : " first_failure=\"" + firstFailure.get().replace('"', '\'') + "\"");
        ScheduledKeepAlive keepAlive = new ScheduledKeepAlive(lean);
        // the robots' records are written after their upgrades, a few at a time: measure once they all are
        long registering = System.nanoTime();
        long registered;
        while ((registered = robotsOf(owner)) < lean.size() + 1L && System.nanoTime() - registering < 600_000_000_000L) {
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=robots-registered records=%d seconds=%.1f%n", registered,
                (System.nanoTime() - registering) / 1e9);
        Thread.sleep(Long.parseLong(opts.getOrDefault("settle-seconds", "10")) * 1000);
        emitMemory("robots-connected", pid, lean.size() + 2, "");

        sequentialExecutions("robots-untargeted-crowd", alone, dispatches);
        sequentialExecutions("robots-targeted-id-crowd", owner, byId, dispatches);
        sequentialExecutions("robots-targeted-labels-crowd", owner, byLabels, dispatches);
        long open = lean.stream().filter(LeanRobot::isOpen).count();
        emitMemory("robots-after", pid, open + 2, " lean_still_open=" + open);
        keepAlive.stop();
        target.close();
        aloneRobot.close();
        lean.forEach(LeanRobot::close);
    }

    /**
     * Issue 13: {@code queued} executions of one user, each aimed at the labels of one of {@code robots} managed robots
     * ({@code pool=p<i>}: as many label sets as robots), queued while the robots drain, then drained by them once they
     * are let again, every run answered at once. Reports the enqueue rate, the drain time and the server's dispatch
     * decisions ({@code rpa_dispatch_decision_seconds}: count, and the histogram bucket holding p99) over the drain.
     */
    private void drain() throws Exception {
        int robots = Integer.parseInt(opts.getOrDefault("robots", "1000"));
        int queued = Integer.parseInt(opts.getOrDefault("queued", "100000"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
        String owner = "bench-drain";
        upsertWorkflow(owner);
        String project = BenchSupport.project(owner);
        List<LeanRobot> lean = new ArrayList<>(robots);
        for (int i = 0; i < robots; i++) {
            LeanRobot r = LeanRobot.connect(ws, owner, Map.of("X-Robot-Id", "drain-" + i,
                    "X-Robot-Labels", "pool=p" + i + ",site=s" + (i % 50) + ",os=" + (i % 2 == 0 ? "windows" : "linux")), 30_000);
            r.answerRuns();
            lean.add(r);
        }
        ScheduledKeepAlive keepAlive = new ScheduledKeepAlive(lean);
        for (int i = 0; i < robots; i++) {
            int n = i;
            awaitStatus(() -> send("GET", "/robots/drain-" + n, owner, null), 200, "robot drain-" + n + " registered");
            send("PATCH", "/robots/drain-" + n, owner, "{\"draining\":true}");
        }
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                for (int k = next.getAndIncrement(); k < queued; k = next.getAndIncrement()) {
                    String body = "{\"project_id\":\"" + project + "\",\"params\":{},\"target\":{\"labels\":{\"pool\":\"p"
                            + (k % robots) + "\"}}}";
                    try {
                        if (send("POST", "/executions", owner, body).statusCode() != 202) {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "BENCH scenario=drain-enqueue queued=%d refused=%d seconds=%.1f per_s=%.1f%n",
                queued, refused.get(), enqueueSeconds, queued / enqueueSeconds);
        String before = get("/metrics");
        long t1 = System.nanoTime();
        for (int i = 0; i < robots; i++) {
            send("PATCH", "/robots/drain-" + i, owner, "{\"draining\":false}");
        }
        long left;
        do {
            Thread.sleep(500);
            left = countOf(owner, "PENDING") + countOf(owner, "RUNNING");
        } while (left > 0 && (System.nanoTime() - t1) < 3_600_000_000_000L);
        double drainSeconds = (System.nanoTime() - t1) / 1e9;
        String after = get("/metrics");
        long answered = lean.stream().mapToLong(LeanRobot::runsAnswered).sum();
        System.out.printf(Locale.ROOT, "BENCH scenario=drain queued=%d answered=%d left=%d seconds=%.1f per_s=%.1f%s%n",
                queued, answered, left, drainSeconds, answered / drainSeconds, decisions(before, after));
        keepAlive.stop();
        lean.forEach(LeanRobot::close);
    }

    /**
     * The decisions between two readings of /metrics, those that handed an execution to a robot and those that found
     * nothing to hand: count, and the upper bounds of the buckets holding p50 and p99.
     */
    private static String decisions(String before, String after) {
        return decisions(before, after, "true", "") + decisions(before, after, "false", "_none");
    }

    private static String decisions(String before, String after, String handed, String suffix) {
        java.util.TreeMap<Double, Double> buckets = buckets(after, handed);
        buckets(before, handed).forEach((bound, count) -> buckets.merge(bound, -count, Double::sum));
        double total = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {   // cumulative counts, smallest bound first
            if (Double.isNaN(p50) && b.getValue() >= 0.50 * total) {
                p50 = b.getKey();
            }
            if (Double.isNaN(p99) && b.getValue() >= 0.99 * total) {
                p99 = b.getKey();
            }
        }
        String name = suffix.isEmpty() ? "handed" : "none";
        return String.format(Locale.ROOT, " decisions_%s=%.0f decision%s_p50_le_ms=%.1f decision%s_p99_le_ms=%.1f",
                name, total, suffix, p50 * 1000, suffix, p99 * 1000);
    }

    /** The cumulative bucket counts of the decisions ({@code handed} or not) in one reading of /metrics. */
    private static java.util.TreeMap<Double, Double> buckets(String metrics, String handed) {
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        String prefix = "rpa_dispatch_decision_seconds_bucket{handed=\"" + handed + "\",le=\"";
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                String le = line.substring(prefix.length(), line.indexOf('"', prefix.length()));
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return buckets;
    }

    /** How many managed robots {@code owner} has on record ({@code GET /robots}' total). */
    private long robotsOf(String owner) throws Exception {
        HttpResponse<String> r = send("GET", "/robots?pageSize=1", owner, null);
        return JSON.readTree(r.body()).path("data").path("total").asLong();
    }

    private long countOf(String owner, String status) throws Exception {
        HttpResponse<String> r = send("GET", "/executions?status=" + status + "&pageSize=1", owner, null);
        return JSON.readTree(r.body()).path("data").path("total").asLong();
    }

    private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("X-User-Id", user)
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitStatus(java.util.concurrent.Callable<HttpResponse<String>> call, int status, String what)
            throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (call.call().statusCode() != status) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Pings each lean robot every 30 s, the robots spread evenly over the interval. */
    private static final class ScheduledKeepAlive {
        private final Thread thread;

        ScheduledKeepAlive(List<LeanRobot> robots) {
            thread = Thread.ofPlatform().daemon().name("keep-alive").start(() -> {
                int n = robots.size();
                long period = 30_000_000_000L;
                long start = System.nanoTime() + ThreadLocalRandom.current().nextLong(1_000_000_000L);
                for (long tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
                    LeanRobot r = robots.get((int) (tick % n));
                    long due = start + tick * period / n;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    try {
                        if (r.isOpen()) {
                            r.keepAlive();
                        }
                    } catch (IOException ignored) {
                        // seen as a closed connection later
                    }
                }
            });
        }

        void stop() {
            thread.interrupt();
        }
    }

    private void emitMemory(String scenario, long pid, long expectedRobots, String extra) throws Exception {
        String metrics = get("/metrics");
        double heap = 0;
        double connected = Double.NaN;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("rpa_robots_connected")) {
                connected = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        long rssKib = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKib = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        System.out.printf(Locale.ROOT, "BENCH scenario=%s robots_expected=%d robots_connected_metric=%.0f heap_used_mib=%.1f rss_mib=%.1f%s%n",
                scenario, expectedRobots, connected, heap / 1048576.0, rssKib / 1024.0, extra);
        System.out.flush();
    }

    // ------------------------------------------------------------------------------------------ waiters

    /**
     * Creates {@code count} executions for a user without a robot (they stay PENDING), long-polls each with
     * {@code GET /executions/{id}?wait=N}, writes the ready file, and holds the waits until the release file
     * appears (the script measures reads meanwhile); then cancels them all and checks every wait returned
     * with CANCELLED, which proves it was still outstanding.
     */
    private void waiters() throws Exception {
        int count = Integer.parseInt(opts.getOrDefault("count", "2000"));
        int wait = Integer.parseInt(opts.getOrDefault("wait", "60"));
        int parallel = Integer.parseInt(opts.getOrDefault("create-parallel", "16"));
        Path ready = Path.of(opts.get("ready-file"));
        Path release = Path.of(opts.get("release-file"));
        String user = opts.getOrDefault("user", "bench-waiter");
        upsertWorkflow(user);

        long t0 = System.nanoTime();
        String[] ids = new String[count];
        AtomicInteger createErrors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        String body = startBody(user);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore gate = new Semaphore(parallel);
            for (int i = 0; i < count; i++) {
                int n = i;
                gate.acquire();
                pool.submit(() -> {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/executions"))
                                .header("X-User-Id", user).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 202) {
                            throw new IllegalStateException("HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                        }
                        ids[n] = JSON.readTree(r.body()).path("data").path("execution").path("id").asString();
                    } catch (Exception e) {
                        createErrors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } finally {
                        gate.release();
                    }
                });
            }
        }
        double createSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, String> outcome = new ConcurrentHashMap<>();
        AtomicInteger returned = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(count);
        for (String id : ids) {
            Thread.ofVirtual().start(() -> {
                try {
                    if (id == null) {
                        return;
                    }
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/executions/" + id + "?wait=" + wait))
                            .header("X-User-Id", user).timeout(Duration.ofSeconds(wait + 30L)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    outcome.put(id, r.statusCode() + ":" + status(r.body()));
                } catch (Exception e) {
                    outcome.put(id, e.getClass().getSimpleName());
                } finally {
                    returned.incrementAndGet();
                    all.countDown();
                }
            });
        }
        Thread.sleep(Long.parseLong(opts.getOrDefault("settle-seconds", "3")) * 1000);
        int returnedAtReady = returned.get();
        Files.writeString(ready, "ready\n");
        System.out.printf(Locale.ROOT, "BENCH scenario=waiters-ready count=%d created=%d create_errors=%d create_seconds=%.1f returned_before_ready=%d%s%n",
                count, count - createErrors.get(), createErrors.get(), createSeconds, returnedAtReady,
                firstError.get() == null ? "" : " first_error=\"" + firstError.get().replace('"', '\'') + "\"");
        System.out.flush();
        long heldFrom = System.nanoTime();
        while (!Files.exists(release) && System.nanoTime() - heldFrom < (wait - 5) * 1_000_000_000L) {
            Thread.sleep(100);
        }
        int returnedBeforeRelease = returned.get();
        double heldSeconds = (System.nanoTime() - heldFrom) / 1e9;

        // release: cancel every execution; each wait must then come back with CANCELLED
        long c0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore gate = new Semaphore(parallel);
            for (String id : ids) {
                if (id == null) {
                    continue;
                }
                gate.acquire();
                pool.submit(() -> {
                    try {
                        http.send(HttpRequest.newBuilder(URI.create(base + "/executions/" + id + "/cancel"))
                                .header("X-User-Id", user).POST(HttpRequest.BodyPublishers.noBody()).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (Exception ignored) {
                        // seen below as a wait that did not end CANCELLED
                    } finally {
                        gate.release();
                    }
                    return null;
                });
            }
        }
        boolean allBack = all.await(30, TimeUnit.SECONDS);
        double cancelSeconds = (System.nanoTime() - c0) / 1e9;
        Map<String, Integer> byOutcome = new HashMap<>();
        outcome.values().forEach(v -> byOutcome.merge(v, 1, Integer::sum));
        System.out.printf(Locale.ROOT, "BENCH scenario=waiters-done held_seconds=%.1f returned_before_release=%d all_returned_after_cancel=%s cancel_seconds=%.1f outcomes=%s%n",
                heldSeconds, returnedBeforeRelease, allBack, cancelSeconds, byOutcome.toString().replace(" ", ""));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void upsertWorkflow(String user) throws Exception {
        BenchSupport.upsertWorkflow(http, base, user);
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String status(String body) {
        try {
            JsonNode n = JSON.readTree(body).path("data").path("execution").path("status");
            return n.isString() ? n.asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

}
