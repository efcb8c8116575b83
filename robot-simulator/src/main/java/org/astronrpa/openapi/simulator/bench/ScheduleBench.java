package org.astronrpa.openapi.simulator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import static org.astronrpa.openapi.simulator.bench.BenchSupport.abbreviate;

/**
 * The scheduler benchmarks (docs/BENCHMARKS.md, issue 14), run by {@code bench/schedules.sh}.
 *
 * <p>{@code schedules-fire}: {@code count} schedules of {@code users} users, every one {@code * * * * *} (due at each
 * whole minute) with overlap {@code allow}, so that each minute all of them fire and queue an execution — no robot is
 * connected: the executions wait in the queue. For each of {@code minutes} whole minutes after they are all created,
 * the services' {@code /metrics} are read every {@code poll-ms} from just before the minute, and the occurrences
 * decided so far (the sum over every instance of {@code rpa_schedule_occurrences_total}, counted after each decision
 * is committed) are set against the time since the minute: the lag by which half, 99 % and all of them were decided
 * (to within a poll). Both clocks are this machine's. The poll asks for that one family
 * ({@code /metrics?name[]=rpa_schedule_occurrences}): the whole exposition fifty times a second — some 700 series, the
 * queue depths read from the database each second — would take a quarter of the service's CPU from what is measured.
 *
 * <p>{@code schedules-idle}: the service's CPU time (utime + stime of {@code pid}, from /proc) over {@code seconds}
 * while nothing is due, first with no schedule (the baseline), then after {@code count} schedules are created that
 * fall on the first of January only.
 *
 * <pre>
 * BenchMain schedules-fire --base A[,B] [--count 10000] [--users 100] [--minutes 3] [--poll-ms 20] [--skip-create true] [--tag T]
 * BenchMain schedules-idle --base A --pid PID [--count 100000] [--users 100] [--seconds 60] [--settle-seconds 20] [--tag T]
 * </pre>
 */
final class ScheduleBench {
    private static final Pattern DECIDED = Pattern.compile(
            "(?m)^rpa_schedule_occurrences_total\\{[^}]*\\}\\s+([0-9.eE+]+)");

    private final HttpClient http;
    private final List<String> bases;
    private final Map<String, String> opts;

    ScheduleBench(HttpClient http, String base, Map<String, String> opts) {
        this.http = http;
        this.bases = List.of(base.split(","));
        this.opts = opts;
    }

    void fire() throws Exception {
        int count = Integer.parseInt(opts.getOrDefault("count", "10000"));
        int users = Integer.parseInt(opts.getOrDefault("users", "100"));
        int minutes = Integer.parseInt(opts.getOrDefault("minutes", "3"));
        long pollMs = Long.parseLong(opts.getOrDefault("poll-ms", "20"));
        String tag = opts.getOrDefault("tag", "-");

        long t0 = System.nanoTime();
        if (!Boolean.parseBoolean(opts.getOrDefault("skip-create", "false"))) {
            create(count, users, "* * * * *", "allow");   // else made by an earlier run on the same database
        }
        double creating = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "BENCH scenario=schedules-created tag=%s count=%d seconds=%.1f per_s=%.0f%n",
                tag, count, creating, count / creating);

        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        if (Instant.now().until(minute, ChronoUnit.MILLIS) < 3_000) {
            minute = minute.plus(1, ChronoUnit.MINUTES);   // what was due just now is still being decided
        }
        for (int m = 0; m < minutes; m++, minute = minute.plus(1, ChronoUnit.MINUTES)) {
            sleepUntil(minute.minusMillis(500));
            double before = decided();
            long[] at = new long[3];   // ms after the minute by which half, 99 % and all were decided (-1: not)
            java.util.Arrays.fill(at, -1);
            double[] thresholds = {before + count * 0.5, before + Math.ceil(count * 0.99), before + count};
            double now = before;
            Instant deadline = minute.plusSeconds(50);
            while (at[2] < 0 && Instant.now().isBefore(deadline)) {
                now = decided();
                long since = minute.until(Instant.now(), ChronoUnit.MILLIS);
                for (int i = 0; i < 3; i++) {
                    if (at[i] < 0 && now >= thresholds[i]) {
                        at[i] = since;
                    }
                }
                Thread.sleep(pollMs);
            }
            System.out.printf(Locale.ROOT, "BENCH scenario=schedules-fire tag=%s minute=%s instances=%d count=%d"
                            + " decided=%.0f p50_ms=%d p99_ms=%d max_ms=%d%n", tag, minute, bases.size(), count,
                    now - before, at[0], at[1], at[2]);
        }
    }

    void idle() throws Exception {
        int count = Integer.parseInt(opts.getOrDefault("count", "100000"));
        int users = Integer.parseInt(opts.getOrDefault("users", "100"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "60"));
        double settle = Double.parseDouble(opts.getOrDefault("settle-seconds", "20"));
        long pid = Long.parseLong(opts.get("pid"));
        String tag = opts.getOrDefault("tag", "-");

        Thread.sleep((long) (settle * 1000));
        report(tag, "none", 0, cpuOver(pid, seconds), seconds);
        long t0 = System.nanoTime();
        create(count, users, "0 0 1 1 *", "skip");
        double creating = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "BENCH scenario=schedules-created tag=%s count=%d seconds=%.1f per_s=%.0f%n",
                tag, count, creating, count / creating);
        Thread.sleep((long) (settle * 1000));
        report(tag, "all", count, cpuOver(pid, seconds), seconds);
    }

    private static void report(String tag, String label, int schedules, double cpuMs, double seconds) {
        System.out.printf(Locale.ROOT, "BENCH scenario=schedules-idle tag=%s with=%s schedules=%d cpu_ms=%.0f"
                + " seconds=%.0f cpu_ms_per_s=%.2f%n", tag, label, schedules, cpuMs, seconds, cpuMs / seconds);
    }

    /** The CPU time (ms) process {@code pid} spends over the next {@code seconds}. */
    private static double cpuOver(long pid, double seconds) throws Exception {
        long before = cpuTicks(pid);
        Thread.sleep((long) (seconds * 1000));
        return (cpuTicks(pid) - before) * 1000.0 / 100;   // USER_HZ is 100 on Linux
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime (fields 14 and 15)
    }

    /** Creates one workflow per user and {@code count} schedules over them, 16 requests at a time. */
    private void create(int count, int users, String cron, String overlap) throws Exception {
        String base = bases.get(0);
        for (int u = 0; u < users; u++) {
            BenchSupport.upsertWorkflow(http, base, user(u));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(16);
        for (int c = 0; c < 16; c++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < count && failure.get() == null; ) {
                        String user = user(i % users);
                        String body = "{\"project_id\":\"" + BenchSupport.project(user) + "\",\"cron\":\"" + cron
                                + "\",\"overlap\":\"" + overlap + "\",\"params\":{\"n\":" + i + "}}";
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/schedules"))
                                .header("X-User-Id", user).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            failure.compareAndSet(null, "POST /schedules: HTTP " + r.statusCode() + " "
                                    + abbreviate(r.body()));
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e.toString());
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }

    /** Occurrences decided so far by every instance (each instance counts its own). */
    private double decided() throws Exception {
        double sum = 0;
        for (String base : bases) {
            URI decidedOnly = URI.create(base + "/metrics?name%5B%5D=rpa_schedule_occurrences");
            String metrics = http.send(HttpRequest.newBuilder(decidedOnly).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = DECIDED.matcher(metrics);
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long ms = Instant.now().until(at, ChronoUnit.MILLIS);
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static String user(int i) {
        return "sched-bench-" + i;
    }
}
