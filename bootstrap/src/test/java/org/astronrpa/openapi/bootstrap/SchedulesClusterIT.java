package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.astronrpa.openapi.adapters.redis.TestRedis;
import org.astronrpa.openapi.bootstrap.e2e.ClusterEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Schedules on a real cluster: two packaged jars as processes on MariaDB and Redis, both running the scheduler, with
 * schedules firing every one to three seconds (SCHEDULE_MIN_INTERVAL_SECONDS=1) and one every minute, for two
 * minutes and a half — across a SIGKILL of one instance in the middle of its passes, and its restart. No robot is
 * connected: every occurrence queues an execution that waits. Afterwards, counted by occurrence in the database: every
 * occurrence the specs call for until the end exists exactly once, fired, with exactly one execution of its own, and
 * no execution exists that no occurrence names (a pass killed half-way left nothing behind); both instances decided
 * occurrences. It mostly waits, so it runs beside the other integration tests (a database, Redis namespace and
 * ports of its own).
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class SchedulesClusterIT {
    private static final Duration READY = Duration.ofSeconds(60);
    private static final String USER = "sched-cluster";

    @TempDir
    Path dir;

    @Test
    void everyOccurrenceExistsExactlyOnceAcrossTwoInstancesAndAKill() throws Exception {
        String namespace = TestRedis.namespace();
        try (MySqlTestDatabase database = TestDatabases.mysql();
             Connection sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            Map<String, String> env = new HashMap<>(ClusterEnvironment.of(database, namespace));
            env.put("SCHEDULE_MIN_INTERVAL_SECONDS", "1");
            JarProcess a = JarProcess.start(workDir("a"), env);
            JarProcess b = JarProcess.start(workDir("b"), env);
            JarProcess again = null;
            try {
                a.awaitReady(READY);
                b.awaitReady(READY);
                TestHttp viaA = new TestHttp(a.port);
                TestHttp viaB = new TestHttp(b.port);
                upsertWorkflow(viaA);
                // id → interval in seconds (60: the cron one), created alternately through each instance
                Map<String, Integer> schedules = new LinkedHashMap<>();
                Map<String, Instant> first = new HashMap<>();   // each one's first occurrence, as created
                for (int i = 0; i < 12; i++) {
                    int every = 1 + i % 3;
                    JsonNode created = create(i % 2 == 0 ? viaA : viaB, "{\"interval_seconds\":" + every
                            + ",\"overlap\":\"allow\",\"params\":{\"n\":" + i + "}}");
                    schedules.put(created.path("id").asString(), every);
                    first.put(created.path("id").asString(), Instant.parse(created.path("next_occurrence_at").asString()));
                }
                JsonNode everyMinute = create(viaB, "{\"cron\":\"* * * * *\",\"overlap\":\"allow\"}");
                schedules.put(everyMinute.path("id").asString(), 60);
                first.put(everyMinute.path("id").asString(),
                        Instant.parse(everyMinute.path("next_occurrence_at").asString()));

                Thread.sleep(60_000);
                double decidedByA = decided(viaA);
                a.kill();   // mid-pass, most likely: both instances pass every second
                Thread.sleep(40_000);   // b alone
                again = JarProcess.start(workDir("a-again"), env);
                again.awaitReady(READY);
                Thread.sleep(50_000);   // both again
                Instant end = Instant.now();
                double decidedByB = decided(viaB);
                double decidedByAgain = decided(new TestHttp(again.port));
                assertEquals(143, again.terminate(Duration.ofSeconds(30)), "stopped gracefully");
                assertEquals(143, b.terminate(Duration.ofSeconds(30)), "stopped gracefully");
                // both ran the scheduler; which one takes a given second's occurrences is whichever scans first (the
                // other's scan passes over the rows it holds), so the restarted instance alone may take none in 50 s
                assertTrue(decidedByA + decidedByAgain > 0 && decidedByB > 0, "both instances decided occurrences: a "
                        + decidedByA + ", b " + decidedByB + ", a restarted " + decidedByAgain);

                Instant until = end.minusSeconds(3);   // what fell in the last moments may still have been in flight
                List<String> problems = new ArrayList<>();
                long expectedAll = 0;
                for (Map.Entry<String, Integer> schedule : schedules.entrySet()) {
                    String id = schedule.getKey();
                    TreeSet<Instant> expected = new TreeSet<>();
                    for (Instant at = first.get(id); !at.isAfter(until); at = at.plusSeconds(schedule.getValue())) {
                        expected.add(at);
                    }
                    expectedAll += expected.size();
                    Map<Instant, String> recorded = occurrences(sql, id);
                    for (Instant at : expected) {
                        String outcome = recorded.get(at);
                        if (!"fired".equals(outcome)) {
                            problems.add(id + " @" + at + ": " + (outcome == null ? "missing" : outcome));
                        }
                    }
                    for (Instant at : recorded.keySet()) {
                        if (!at.isAfter(until) && !expected.contains(at)) {
                            problems.add(id + " @" + at + ": not in its spec");
                        }
                    }
                }
                System.out.printf("SchedulesClusterIT: %d occurrences checked until %s; decided by a %.0f, b %.0f,"
                        + " a restarted %.0f%n", expectedAll, until, decidedByA, decidedByB, decidedByAgain);
                assertEquals(List.of(), problems, "every occurrence until " + until + " fired once");
                assertTrue(expectedAll > 600, "a run long enough to say something: " + expectedAll + " occurrences");
                assertEquals(0L, count(sql, "SELECT COUNT(*) FROM (SELECT execution_id FROM schedule_occurrences"
                        + " WHERE execution_id IS NOT NULL GROUP BY execution_id HAVING COUNT(*) > 1) twice"),
                        "an execution named by two occurrences");
                assertEquals(count(sql, "SELECT COUNT(*) FROM schedule_occurrences WHERE outcome = 'fired'"),
                        count(sql, "SELECT COUNT(*) FROM executions"), "one execution a fired occurrence, none besides");
                assertEquals(0L, count(sql, "SELECT COUNT(*) FROM schedule_occurrences o LEFT JOIN executions e"
                        + " ON e.id = o.execution_id WHERE o.outcome = 'fired' AND e.id IS NULL"),
                        "a fired occurrence without its execution");
            } finally {
                a.close();
                b.close();
                if (again != null) {
                    again.close();
                }
                TestRedis.forget(TestRedis.url(), namespace);
            }
        }
    }

    private Path workDir(String name) throws java.io.IOException {
        return java.nio.file.Files.createDirectories(dir.resolve(name));
    }

    private static void upsertWorkflow(TestHttp http) {
        TestHttp.Answer answer = http.send("POST", "/workflows/upsert", "{\"project_id\":\"sched-cluster-flow\","
                + "\"name\":\"Every second\",\"parameters\":{\"type\":\"object\"}}", "X-User-Id", USER);
        assertEquals(201, answer.status(), answer.body());
    }

    /** The schedule as created. */
    private static JsonNode create(TestHttp http, String fields) {
        String body = "{\"project_id\":\"sched-cluster-flow\"," + fields.substring(1);
        TestHttp.Answer answer = http.send("POST", "/schedules", body, "X-User-Id", USER);
        assertEquals(201, answer.status(), answer.body());
        return answer.json().at("/data/schedule");
    }

    /** The occurrences this instance decided, by its metrics. */
    private static double decided(TestHttp http) {
        String metrics = http.send("GET", "/metrics", null).body();
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("rpa_schedule_occurrences_total{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static Map<Instant, String> occurrences(Connection sql, String id) throws Exception {
        Map<Instant, String> found = new HashMap<>();
        try (PreparedStatement query = sql.prepareStatement(
                "SELECT scheduled_at, outcome FROM schedule_occurrences WHERE schedule_id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant at = rows.getObject(1, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
                    if (found.put(at.truncatedTo(ChronoUnit.MILLIS), rows.getString(2)) != null) {
                        throw new AssertionError(id + " has two occurrences at " + at);
                    }
                }
            }
        }
        return found;
    }

    private static long count(Connection sql, String query) throws Exception {
        try (PreparedStatement statement = sql.prepareStatement(query); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
