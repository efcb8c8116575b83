package org.astronrpa.openapi.simulator.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What the load generators share: their command line, and closed-loop clients on virtual threads. */
final class BenchSupport {
    private BenchSupport() {
    }

    /**
     * Quiet logging (the simulator logs every run otherwise) and the options {@code --name value} after the
     * subcommand; exits with 2 and {@code usage} when there is no subcommand or an option is malformed.
     */
    static Map<String, String> options(String[] args, String usage) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "robot-simulator-logback.xml");
        }
        if (System.getProperty("LOG_LEVEL") == null && System.getenv("LOG_LEVEL") == null) {
            System.setProperty("LOG_LEVEL", "WARN");
        }
        if (args.length == 0) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("bad argument: " + args[i]);
                System.exit(2);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    /** Creates or updates the one workflow of {@code user} ({@link #project}, any parameters); throws unless 2xx. */
    static void upsertWorkflow(java.net.http.HttpClient http, String base, String user) throws Exception {
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/workflows/upsert"))
                .header("X-User-Id", user).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"project_id\":\"" + project(user)
                        + "\",\"name\":\"Bench\",\"parameters\":{\"type\":\"object\"}}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("upsert for " + user + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
        }
    }

    /** project_id is unique across users: one workflow per user. */
    static String project(String user) {
        return "bp-" + user;
    }

    /** The body of {@code POST /executions} for {@code user}'s workflow. */
    static String startBody(String user) {
        return "{\"project_id\":\"" + project(user) + "\",\"params\":{\"a\":\"x\"}}";
    }

    /** At most 200 characters of {@code s}, for error messages. */
    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    interface Op {
        void run(int client) throws Exception;
    }

    /** Operation {@code k} of client {@code client} for the series {@code series} (0 .. series count − 1). */
    interface SeriesOp {
        void run(int client, int series, long k) throws Exception;
    }

    record Result(Samples samples, double seconds, AtomicInteger errors, AtomicReference<String> firstError) {
    }

    /** {@code c} virtual threads loop {@code op}; only operations started after the warm-up are counted. */
    static Result runLoops(int c, double warmupSeconds, double seconds, Op op) throws InterruptedException {
        return runSeries(c, 1, warmupSeconds, seconds, (client, series, k) -> op.run(client))[0];
    }

    /**
     * {@code c} virtual threads loop {@code op}, each going through the series in turn (client i's k-th
     * operation is of series (i + k) mod {@code seriesCount}), so that every series runs under the same load at the
     * same time; one result per series, counting only operations started after the warm-up.
     */
    static Result[] runSeries(int c, int seriesCount, double warmupSeconds, double seconds, SeriesOp op)
            throws InterruptedException {
        Result[] results = new Result[seriesCount];
        for (int s = 0; s < seriesCount; s++) {
            results[s] = new Result(new Samples(), seconds, new AtomicInteger(), new AtomicReference<>());
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(c);
        for (int i = 0; i < c; i++) {
            int client = i;
            Thread.ofVirtual().start(() -> {
                try {
                    long t0;
                    for (long k = 0; (t0 = System.nanoTime()) < end; k++) {
                        int series = (int) ((client + k) % seriesCount);
                        Result into = results[series];
                        try {
                            op.run(client, series, k);
                            if (t0 >= measureFrom) {
                                into.samples.add(System.nanoTime() - t0);
                            }
                        } catch (Exception e) {
                            if (t0 >= measureFrom) {
                                into.errors.incrementAndGet();
                            }
                            into.firstError.compareAndSet(null, e.toString());
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return results;
    }
}
