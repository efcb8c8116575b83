package org.astronrpa.openapi.bootstrap;

import static org.astronrpa.openapi.bootstrap.TestKeys.ALL_SCOPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service, wired as in production, on one kind of database: the flows a user runs with curl. */
abstract class ServiceFlowsContract {
    private static final String[] ALICE = {"X-User-Id", "alice"};
    private static final String[] BOB = {"X-User-Id", "bob"};

    @TempDir
    Path dir;
    private Launcher launcher;

    /** The environment that selects the database under test (empty for embedded H2). */
    protected abstract Map<String, String> databaseEnvironment();

    TestHttp start() {
        return start(Map.of());
    }

    TestHttp start(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(databaseEnvironment());
        env.putAll(more);
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("LOG_DIR", dir.resolve("logs").toString());
        env.put("SHUTDOWN_TIMEOUT_SECONDS", "2");
        launcher = new Launcher(AppConfig.load(dir, env)).start();
        return new TestHttp(launcher.port());
    }

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.stop();
        }
    }

    @Test
    void workflowsAndKeysWorkEndToEndAndSurviveARestart() {
        TestHttp http = start();
        assertEquals(200, http.send("GET", "/health", null).status());
        var created = http.send("POST", "/workflows/upsert",
                "{\"project_id\": 42, \"name\": \"发票机器人\", \"english_name\": \"Invoice robot\", "
                        + "\"parameters\": \"{\\\"type\\\":\\\"object\\\",\\\"required\\\":[\\\"amount\\\"]}\"}", ALICE);
        assertEquals(201, created.status(), created.body());
        assertEquals("Invoice_robot", created.json().at("/data/workflow/tool_name").asString());

        var key = http.send("POST", "/api-keys", "{\"name\": \"ci\", \"scopes\": "
                + ALL_SCOPES + "}", ALICE).json().at("/data/api_key").asString();
        var byKey = http.send("GET", "/workflows/42", null, "Authorization", "Bearer " + key);
        assertEquals(200, byKey.status(), byKey.body());
        assertEquals("发票机器人", byKey.json().at("/data/workflow/name").asString());
        assertEquals("amount", byKey.json().at("/data/workflow/parameters/required/0").asString());
        assertEquals(409, http.send("POST", "/workflows/upsert", "{\"project_id\": \"42\", \"name\": \"mine\"}", BOB).status());
        assertEquals(404, http.send("GET", "/workflows/42", null, BOB).status());

        launcher.stop();
        http = start();
        assertEquals(200, http.send("GET", "/workflows/42", null, "X-API-Key", key).status());
        var keys = http.send("GET", "/api-keys", null, ALICE).json().at("/data/records");
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).get("last_used_at").isString());

        String keyId = keys.get(0).get("id").asString();
        assertEquals(200, http.send("DELETE", "/api-keys/" + keyId, null, ALICE).status());
        assertEquals(401, http.send("GET", "/workflows/42", null, "X-API-Key", key).status());
        assertEquals(200, http.send("DELETE", "/workflows/42", null, ALICE).status());
        assertEquals(404, http.send("GET", "/workflows/42", null, ALICE).status());
        assertEquals(0, http.send("GET", "/workflows", null, ALICE).json().at("/data/total").asInt());
    }

    /**
     * The retention purge as the service schedules it: finished executions that ended before the retention go,
     * with their log lines, counted on /metrics; pending ones and recent ones stay, and the list total follows.
     */
    @Test
    void theRetentionPurgeDeletesOldFinishedExecutionsAndTheTotalsFollow() throws Exception {
        TestHttp http = start(Map.of("EXECUTION_RETENTION_DAYS", "2", "RETENTION_PURGE_INTERVAL_SECONDS", "1",
                "DISPATCH_TIMEOUT_SECONDS", "0"));
        String user = "retention-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String[] as = {"X-User-Id", user};
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"" + user + "\", \"name\": \"old\"}",
                as).status());
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var started = http.send("POST", "/executions", "{\"project_id\": \"" + user + "\", \"params\": {}}", as);
            ids.add(started.json().at("/data/execution/id").asString());
            assertEquals("FAILED", started.json().at("/data/execution/status").asString(), "no robot: failed at once");
        }
        // two of them ended three days ago, as far as the database knows
        launcher.service().database().jdbi().useHandle(handle -> handle.createUpdate("""
                        UPDATE executions SET start_time = TIMESTAMPADD(DAY, -3, start_time),
                                              end_time = TIMESTAMPADD(DAY, -3, end_time)
                         WHERE id IN (<ids>)""")
                .bindList("ids", ids.subList(0, 2)).execute());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (http.send("GET", "/executions", null, as).json().at("/data/total").asInt() > 1
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        var left = http.send("GET", "/executions?status=FAILED", null, as).json().at("/data");
        assertEquals(1, left.get("total").asInt(), left.toString());
        assertEquals(ids.get(2), left.at("/records/0/id").asString());
        assertEquals(404, http.send("GET", "/executions/" + ids.get(0), null, as).status());
        String metrics = http.send("GET", "/metrics", null).body();
        assertTrue(metrics.matches("(?s).*\nrpa_retention_purged_rows_total\\{[^}]*kind=\"executions\"[^}]*} "
                + "([2-9]|[1-9][0-9]+)(\\.0)?\n.*"), metrics);
        assertTrue(metrics.contains("rpa_retention_oldest_age_seconds{kind=\"executions\""), "the oldest age is shown");
    }

    /**
     * Starts {@code n} executions of the user's workflow (named as the user) from 8 threads at once; each fails at
     * once (no robot). Fails, rather than hangs, when the service stops answering.
     */
    private static void startConcurrently(TestHttp http, String user, int n) throws Exception {
        var threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var started = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < n; i++) {
                started.add(threads.submit(() -> http.send("POST", "/executions",
                        "{\"project_id\": \"" + user + "\", \"params\": {}}", "X-User-Id", user).status()));
            }
            for (var status : started) {
                assertEquals(200, status.get(60, java.util.concurrent.TimeUnit.SECONDS), "failed at once: no robot");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Concurrent starts of one workflow all answer and are all counted. On H2 they once hung the whole service: the
     * count row's first insert lost a race inside its transaction, and the transactions waiting for that one spun on
     * every virtual-thread carrier (V11 tells).
     */
    @Test
    void concurrentStartsOfOneWorkflowAllAnswerAndAreAllCounted() throws Exception {
        TestHttp http = start(Map.of("DISPATCH_TIMEOUT_SECONDS", "0"));
        String user = "burst-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String[] as = {"X-User-Id", user};
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"" + user + "\", \"name\": \"b\"}",
                as).status());
        startConcurrently(http, user, 400);
        assertEquals(400, http.send("GET", "/executions?status=FAILED", null, as).json().at("/data/total").asInt());
        assertEquals(0, http.send("GET", "/executions?status=PENDING", null, as).json().at("/data/total").asInt());
    }

    /**
     * A stop during a purge run that pauses long between its batches (duty 1 %: 99 times a batch's time) ends the run
     * at once, without interrupting the database's work, and keeps what it did: the next start finds consistent totals
     * and finishes the purge.
     */
    @Test
    void aStopEndsThePurgeBetweenTwoBatchesAndTheNextStartFinishesIt() throws Exception {
        Map<String, String> retention = Map.of("EXECUTION_RETENTION_DAYS", "2", "RETENTION_PURGE_INTERVAL_SECONDS", "1",
                "RETENTION_PURGE_DUTY_PERCENT", "1", "DISPATCH_TIMEOUT_SECONDS", "0");
        TestHttp http = start(retention);
        String user = "stop-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String[] as = {"X-User-Id", user};
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"" + user + "\", \"name\": \"old\"}",
                as).status());
        int old = 1_600;   // four batches of 500 at most: the run pauses after each of the first three
        startConcurrently(http, user, old);
        launcher.service().database().jdbi().useHandle(handle -> handle.createUpdate("""
                        UPDATE executions SET start_time = TIMESTAMPADD(DAY, -3, start_time),
                                              end_time = TIMESTAMPADD(DAY, -3, end_time)
                         WHERE user_id = :user""")
                .bind("user", user).execute());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (http.send("GET", "/executions", null, as).json().at("/data/total").asInt() == old
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int afterFirstBatch = http.send("GET", "/executions", null, as).json().at("/data/total").asInt();
        assertTrue(afterFirstBatch < old && afterFirstBatch > 0, "a first batch went, more are due: " + afterFirstBatch);

        long stopping = System.nanoTime();
        launcher.stop();
        long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
        assertTrue(stopMillis < 4_000, "the purge's pause ended with the stop, not after it: " + stopMillis + " ms");

        http = start(Map.of("DISPATCH_TIMEOUT_SECONDS", "0"));   // retention off: the rows as the stop left them
        int kept = http.send("GET", "/executions", null, as).json().at("/data/total").asInt();
        int counted = launcher.service().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM executions WHERE user_id = :user").bind("user", user).mapTo(Integer.class).one());
        assertEquals(counted, kept, "the total is the rows' count");
        assertTrue(kept > 0 && kept <= afterFirstBatch, "kept " + kept);
        launcher.stop();

        Map<String, String> fast = new HashMap<>(retention);
        fast.put("RETENTION_PURGE_DUTY_PERCENT", "100");
        http = start(fast);
        deadline = System.nanoTime() + 60_000_000_000L;
        while (http.send("GET", "/executions", null, as).json().at("/data/total").asInt() > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, http.send("GET", "/executions?pageSize=1", null, as).json().at("/data/records").size(),
                "the next start purged the rest");
    }

    /** MariaDB's utf8mb4_general_ci took every emoji for every other: ids that differ are other workflows. */
    @Test
    void projectIdsThatDifferOnlyInEmojiOrAccentsAreDifferentWorkflowsButCaseIsIgnored() {
        TestHttp http = start();
        var robot = http.send("POST", "/workflows/upsert", "{\"project_id\": \"🤖-bot\", \"name\": \"robot\"}", ALICE);
        assertEquals(201, robot.status(), robot.body());
        var arm = http.send("POST", "/workflows/upsert", "{\"project_id\": \"🦾-bot\", \"name\": \"arm\"}", ALICE);
        assertEquals(201, arm.status(), arm.body());
        assertEquals("created", arm.json().at("/data/action").asString());
        var smile = http.send("POST", "/workflows/upsert", "{\"project_id\": \"😀-bot\", \"name\": \"smile\"}", BOB);
        assertEquals(201, smile.status(), "another user's emoji id is not taken: " + smile.body());
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"café\", \"name\": \"a\"}", ALICE).status());
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"cafe\", \"name\": \"b\"}", BOB).status());

        var sameInOtherCase = http.send("POST", "/workflows/upsert", "{\"project_id\": \"🤖-BOT\", \"name\": \"robot 2\"}", ALICE);
        assertEquals(200, sameInOtherCase.status(), sameInOtherCase.body());
        assertEquals("🤖-bot", sameInOtherCase.json().at("/data/workflow/project_id").asString());
        assertEquals(409, http.send("POST", "/workflows/upsert", "{\"project_id\": \"CAFÉ\", \"name\": \"c\"}", BOB).status());
        assertEquals("robot 2", http.send("GET", "/workflows/" + encoded("🤖-Bot"), null, ALICE).json()
                .at("/data/workflow/name").asString());
        assertEquals("arm", http.send("GET", "/workflows/" + encoded("🦾-bot"), null, ALICE).json()
                .at("/data/workflow/name").asString());
        assertEquals(404, http.send("GET", "/workflows/" + encoded("😀-bot"), null, ALICE).status());

        String started = http.send("POST", "/executions", "{\"project_id\": \"🦾-bot\"}", ALICE).json()
                .at("/data/execution/id").asString();
        var robotRuns = http.send("GET", "/executions?project_id=" + encoded("🤖-bot"), null, ALICE).json();
        assertEquals(0, robotRuns.at("/data/total").asInt(), robotRuns.toString());
        var armRuns = http.send("GET", "/executions?project_id=" + encoded("🦾-BOT"), null, ALICE).json();
        assertEquals(started, armRuns.at("/data/records/0/id").asString(), armRuns.toString());
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void metricsCountRequestsByRouteAndStatus() {
        TestHttp http = start();
        http.send("GET", "/workflows/nope", null, ALICE);
        String metrics = http.send("GET", "/metrics", null).body();
        assertTrue(metrics.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/workflows/{project_id}\",status=\"404\"}"),
                metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are bound");
    }

    @Test
    void metricsNarrowedByNameShowOnlyTheFamiliesNamed() {
        TestHttp http = start();
        http.send("GET", "/workflows/nope", null, ALICE);
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"narrow\", \"name\": \"n\"}", ALICE).status());
        assertEquals(202, http.send("POST", "/executions", "{\"project_id\": \"narrow\", \"params\": {}}", ALICE).status());

        String counter = http.send("GET", "/metrics?name[]=rpa_schedule_occurrences", null).body();
        assertTrue(counter.contains("# TYPE rpa_schedule_occurrences_total counter"), counter);
        assertFalse(counter.contains("http_server_requests"), counter);
        assertFalse(counter.contains("jvm_memory_used_bytes"), counter);
        // named as its samples are, as well
        assertEquals(counter, http.send("GET", "/metrics?name[]=rpa_schedule_occurrences_total", null).body());
        String histogram = http.send("GET", "/metrics?name[]=http_server_requests_seconds_count", null).body();
        assertTrue(histogram.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/workflows/{project_id}\",status=\"404\"}"),
                histogram);
        assertFalse(histogram.contains("rpa_schedule_occurrences"), histogram);

        String two = http.send("GET", "/metrics?name[]=rpa_queue_depth&name[]=rpa_executions", null).body();
        assertTrue(two.contains("rpa_queue_depth{target=\"any\"}"), two);
        assertTrue(two.contains("rpa_executions{status=\"PENDING\"}"), two);
        assertFalse(two.contains("rpa_schedule_occurrences"), two);
        assertFalse(two.contains("jvm_"), two);

        assertEquals("", http.send("GET", "/metrics?name[]=no_such_metric", null).body());
    }

    @Test
    void executionGaugesMatchTheDatabaseAfterAGarbageCollection() throws InterruptedException {
        TestHttp http = start();
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"gauge\", \"name\": \"g\"}", ALICE).status());
        Thread.sleep(1_100);   // the gauges read the database at most once a second
        String before = http.send("GET", "/metrics", null).body();   // other tests may share this database
        String cancelled = null;
        for (int i = 0; i < 3; i++) {
            var started = http.send("POST", "/executions", "{\"project_id\": \"gauge\", \"params\": {}}", ALICE);
            assertEquals(202, started.status(), started.body());
            cancelled = started.json().at("/data/execution/id").asString();
        }
        assertEquals(200, http.send("POST", "/executions/" + cancelled + "/cancel", null, ALICE).status());
        collectGarbage();
        Thread.sleep(1_100);

        String after = http.send("GET", "/metrics", null).body();
        String pending = "rpa_executions{status=\"PENDING\"}";
        String cancelledSeries = "rpa_executions{status=\"CANCELLED\"}";
        assertEquals(gauge(before, pending) + 2, gauge(after, pending), after);
        assertEquals(gauge(before, cancelledSeries) + 1, gauge(after, cancelledSeries), after);
        assertEquals(gauge(before, "rpa_executions{status=\"COMPLETED\"}"), gauge(after, "rpa_executions{status=\"COMPLETED\"}"));
        // the queue by target: these wait for any robot (other tests' may wait too)
        assertTrue(gauge(after, "rpa_queue_depth{target=\"any\"}") >= 2, after);
        assertTrue(after.contains("rpa_queue_wait_seconds_count{target_kind=\"labels\"}"), after);
        assertTrue(after.contains("rpa_dispatch_decision_seconds_count{handed=\"true\"}"), after);
    }

    @Test
    void theOutboxMetricsCountDeliveriesAndShowAnEmptyBacklogOnceTheRelayCaughtUp() throws InterruptedException {
        TestHttp http = start();
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"ob\", \"name\": \"o\"}", ALICE).status());
        String metrics = "";
        for (int i = 0; i < 50; i++) {   // the relay hands the event on right after the commit, a pass runs every second
            Thread.sleep(100);
            metrics = http.send("GET", "/metrics", null).body();
            if (metrics.contains("rpa_outbox_delivery_lag_seconds_count ") && gauge(metrics, "rpa_outbox_depth") == 0) {
                break;
            }
        }
        assertTrue(gauge(metrics, "rpa_outbox_delivery_lag_seconds_count") >= 1, metrics);
        assertEquals(0, gauge(metrics, "rpa_outbox_depth"), metrics);
        assertTrue(gauge(metrics, "rpa_outbox_oldest_age_seconds") >= 0, metrics);
        assertEquals(0, gauge(metrics, "rpa_outbox_quarantined"), metrics);
    }

    /**
     * The audit log as issue 16 asks: each audited action through the real routes makes exactly one entry naming its
     * actor (the gateway's user, the key with its prefix, the robot, the service), none of its rows holds a secret or
     * a parameter value (read straight from the table), and a refused key is recorded once however often it is tried.
     */
    @Test
    void everyAuditedActionIsOneEntryWithItsActorAndNoSecretOrParameterValue() {
        TestHttp http = start();
        String user = "audit-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String[] as = {"X-User-Id", user};
        String project = user + "-wf";
        var issued = http.send("POST", "/api-keys", "{\"name\": \"agent\", \"scopes\": " + ALL_SCOPES + "}", as)
                .json().at("/data");
        String key = issued.get("api_key").asString();
        String keyId = issued.at("/id").asString();
        String prefix = issued.at("/prefix").asString();
        String[] byKey = {"Authorization", "Bearer " + key, "X-Request-ID", "audit-req-1"};
        assertEquals(200, http.send("PATCH", "/api-keys/" + keyId, "{\"name\": \"agent 2\"}", as).status());
        assertEquals(201, http.send("POST", "/workflows/upsert", "{\"project_id\": \"" + project
                + "\", \"name\": \"wf\", \"parameters\": \"{\\\"type\\\":\\\"object\\\"}\"}", byKey).status());
        var started = http.send("POST", "/executions", "{\"project_id\": \"" + project
                + "\", \"params\": {\"password\": \"PARAM-VALUE-7f3a\"}}", byKey);
        assertEquals(202, started.status(), started.body());
        String execution = started.json().at("/data/execution/id").asString();
        assertEquals(200, http.send("POST", "/executions/" + execution + "/cancel", null, as).status());

        var schedule = http.send("POST", "/schedules", "{\"project_id\": \"" + project
                + "\", \"cron\": \"0 3 * * *\", \"params\": {\"password\": \"PARAM-VALUE-7f3a\"}}", as);
        assertEquals(201, schedule.status(), schedule.body());
        String scheduleId = schedule.json().at("/data/schedule/id").asString();
        assertEquals(200, http.send("PATCH", "/schedules/" + scheduleId, "{\"cron\": \"0 4 * * *\"}", as).status());
        assertEquals(200, http.send("POST", "/schedules/" + scheduleId + "/pause", null, as).status());
        assertEquals(200, http.send("POST", "/schedules/" + scheduleId + "/pause", null, as).status(), "idempotent");
        assertEquals(200, http.send("POST", "/schedules/" + scheduleId + "/resume", null, as).status());
        assertEquals(200, http.send("DELETE", "/schedules/" + scheduleId, null, as).status());

        var hook = http.send("POST", "/webhooks", "{\"url\": \"https://hooks.example.com/HOOK-PATH-91c2\", "
                + "\"events\": [\"execution.completed\"]}", as);
        assertEquals(201, hook.status(), hook.body());
        String hookId = hook.json().at("/data/webhook/id").asString();
        String hookSecret = hook.json().at("/data/secret").asString();
        assertEquals(200, http.send("PATCH", "/webhooks/" + hookId, "{\"active\": false}", as).status());
        var rotated = http.send("POST", "/webhooks/" + hookId + "/rotate-secret", "{\"overlap_seconds\": 0}", as);
        assertEquals(200, rotated.status(), rotated.body());
        assertEquals(200, http.send("DELETE", "/webhooks/" + hookId, null, as).status());

        var enrollment = http.send("POST", "/robots/enrollments", "{\"robot_id\": \"desk-1\"}", as);
        assertEquals(201, enrollment.status(), enrollment.body());
        String token = enrollment.json().at("/data/token").asString();
        var enrolled = http.send("POST", "/robots/enroll", "{\"token\": \"" + token + "\"}",
                "X-Forwarded-For", "198.51.100.23");
        assertEquals(201, enrolled.status(), enrolled.body());
        String credential = enrolled.json().at("/data/credential").asString();
        assertEquals(200, http.send("POST", "/robots/desk-1/revoke", null, as).status());
        assertEquals(200, http.send("DELETE", "/robots/desk-1", null, as).status());

        assertEquals(200, http.send("DELETE", "/workflows/" + project, null, byKey).status());
        assertEquals(200, http.send("DELETE", "/api-keys/" + keyId, null, as).status());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, http.send("GET", "/workflows", null, byKey).status());
        }

        var page = http.send("GET", "/audit-events?pageSize=100", null, as);
        assertEquals(200, page.status(), page.body());
        var records = page.json().at("/data/records");
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (var r : records) {
            seen.add(r.get("action").asString() + " by " + r.at("/actor/type").asString());
        }
        java.util.Collections.reverse(seen);
        assertEquals(java.util.List.of("api_key.created by user", "api_key.changed by user",
                "workflow.upserted by api_key", "execution.started by api_key", "execution.cancelled by user",
                "schedule.created by user", "schedule.updated by user", "schedule.paused by user",
                "schedule.resumed by user", "schedule.deleted by user", "webhook.created by user",
                "webhook.updated by user", "webhook.secret_rotated by user", "webhook.deleted by user",
                "robot.enrolled by robot", "robot.revoked by user", "robot.deleted by user",
                "workflow.deleted by api_key", "api_key.revoked by user", "authentication.failed by anonymous"), seen);
        var started1 = records.get(records.size() - 4);
        assertEquals("execution.started", started1.get("action").asString());
        assertEquals(keyId, started1.at("/actor/key_id").asString());
        assertEquals(prefix, started1.at("/actor/key_prefix").asString());
        assertEquals(user, started1.at("/actor/user_id").asString());
        assertEquals(execution, started1.at("/resource/id").asString());
        assertEquals(project, started1.get("project_id").asString());
        assertEquals("audit-req-1", started1.get("request_id").asString());
        assertEquals("127.0.0.1", started1.get("source_ip").asString());
        var robot = records.get(5);
        assertEquals("robot.enrolled", robot.get("action").asString());
        assertEquals("desk-1", robot.at("/actor/robot_id").asString());
        var failed = records.get(0);
        assertEquals("failure", failed.get("outcome").asString());
        assertEquals(keyId, failed.at("/actor/key_id").asString());
        assertTrue(failed.get("reason").asString().contains("revoked"), failed.toString());

        var onlyKey = http.send("GET", "/audit-events?actor=api_key:" + keyId, null, as).json().at("/data/records");
        assertEquals(3, onlyKey.size(), onlyKey.toString());
        assertEquals(2, http.send("GET", "/audit-events?resource=execution:" + execution, null, as).json()
                .at("/data/records").size());
        assertEquals(4, http.send("GET", "/audit-events?action=webhook.*", null, as).json().at("/data/records").size());
        assertEquals(422, http.send("GET", "/audit-events?actor=somebody:1", null, as).status());
        assertEquals(0, http.send("GET", "/audit-events", null, "X-User-Id", user + "-other").json()
                .at("/data/records").size(), "another user's log is their own");

        // the table itself, every column of every row: no secret, no parameter value, no receiver URL
        java.util.List<String> rows = launcher.service().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM audit_events").map((row, ctx) -> {
                    StringBuilder all = new StringBuilder();
                    for (int c = 1; c <= row.getMetaData().getColumnCount(); c++) {
                        all.append(row.getString(c)).append('|');
                    }
                    return all.toString();
                }).list());
        assertTrue(rows.size() >= 20, rows.toString());
        for (String row : rows) {
            for (String secret : java.util.List.of(key, key.substring(prefix.length()), token, credential, hookSecret,
                    rotated.json().at("/data/secret").asString(), "PARAM-VALUE", "HOOK-PATH")) {
                assertFalse(row.contains(secret), () -> "a secret or value in the audit table: " + row);
            }
        }
    }

    /** Runs the collector until an object only weakly held is gone: what a weakly held gauge state would meet too. */
    private static void collectGarbage() {
        java.lang.ref.WeakReference<Object> probe = new java.lang.ref.WeakReference<>(new Object());
        for (int i = 0; i < 50 && probe.get() != null; i++) {
            System.gc();
        }
        assertTrue(probe.get() == null, "the collector ran");
        System.gc();
    }

    private static double gauge(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is missing"));
    }
}
