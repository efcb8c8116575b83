package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astronrpa.openapi.adapters.persistence.MySqlTestDatabase;
import org.astronrpa.openapi.adapters.persistence.TestDatabases;
import org.astronrpa.openapi.adapters.redis.TestRedis;
import org.astronrpa.openapi.bootstrap.e2e.ClusterEnvironment;
import org.astronrpa.openapi.bootstrap.e2e.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks on a real cluster: two packaged jars as processes on MariaDB and Redis, a receiver the test runs. In the
 * normal case each event is delivered once (counted by event id), by either instance. Then, with the receiver down,
 * 1,000 executions are started and both instances are SIGKILLed at once — their events in the outbox, in relays'
 * memory, in deliveries pending, claimed or mid-attempt — and one restarted: once the receiver is back, every one of
 * the 1,000 events arrives, none lost, any repeat with the same event id. The same on H2, one instance killed and
 * started again on its data.
 */
class WebhooksClusterIT {
    private static final Duration READY = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DELIVERED = Pattern.compile("rpa_webhook_deliveries_total\\{outcome=\"delivered\"} "
            + "([0-9.]+)");

    @TempDir
    Path dir;

    @Test
    void eachEventIsDeliveredOnceByTwoInstancesAndNoneIsLostToASigkill() throws Exception {
        try (MySqlTestDatabase database = TestDatabases.mysql(); WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> env = environment(ClusterEnvironment.of(database, TestRedis.namespace()));
            env.put("OUTBOX_LEASE_SECONDS", "4");
            JarProcess a = JarProcess.start(workDir("a"), env);
            JarProcess b = JarProcess.start(workDir("b"), env);
            JarProcess again = null;
            try {
                a.awaitReady(READY);
                b.awaitReady(READY);
                TestHttp viaA = new TestHttp(a.port);
                TestHttp viaB = new TestHttp(b.port);

                // the normal case: 200 events, each delivered once
                subscribe(viaA, "hooks-normal", receiver.url("/normal"));
                List<String> normal = start(List.of(viaA, viaB), "hooks-normal", 200);
                List<WebhookReceiver.Received> got = receiver.await("/normal", 200, r -> true, Duration.ofSeconds(60));
                Thread.sleep(3_000);   // a second delivery of any of them would arrive by now
                got = receiver.received("/normal");
                assertEquals(200, got.size(), "each event once");
                assertEquals(Set.copyOf(normal), executionsIn(got));
                assertEquals(200, got.stream().map(r -> r.header("X-Rpa-Event-Id")).distinct().count());
                double byA = delivered(viaA);
                double byB = delivered(viaB);
                assertEquals(200.0, byA + byB, "the instances' counts add up: a " + byA + ", b " + byB);

                // 1,000 events while the receiver is down, then both instances killed at once
                subscribe(viaB, "hooks-killed", receiver.url("/killed"));
                receiver.answerAll(503);
                List<String> killed = start(List.of(viaA, viaB), "hooks-killed", 1_000);
                a.kill();
                b.kill();
                receiver.answerAll(null);
                again = JarProcess.start(workDir("a-again"), env);
                again.awaitReady(READY);
                got = allArrived(receiver, "/killed", killed);
                System.out.printf("webhooks cluster: normal case 200 delivered (a %.0f, b %.0f); after the kill %d "
                        + "requests for %d events%n", byA, byB, got.size(), killed.size());
                assertEquals(143, again.terminate(Duration.ofSeconds(30)), "stopped gracefully");
                assertNoSecretLogged();
            } finally {
                a.close();
                b.close();
                if (again != null) {
                    again.close();
                }
            }
        }
    }

    /** The same loss test on the embedded database: one instance, SIGKILLed and started again on its data. */
    @Test
    void noneOfAThousandEventsLeftUndeliveredIsLostToASigkillOnH2() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> env = environment(Map.of("DATA_DIR", dir.resolve("h2-data").toString()));
            JarProcess first = JarProcess.start(workDir("h2-first"), env);
            JarProcess again = null;
            try {
                first.awaitReady(READY);
                TestHttp http = new TestHttp(first.port);
                subscribe(http, "hooks-h2", receiver.url("/h2"));
                receiver.answerAll(503);
                List<String> started = start(List.of(http), "hooks-h2", 1_000);
                first.kill();
                receiver.answerAll(null);
                again = JarProcess.start(workDir("h2-again"), env);
                again.awaitReady(READY);
                List<WebhookReceiver.Received> got = allArrived(receiver, "/h2", started);
                System.out.printf("webhooks on H2: after the kill %d requests for %d events%n", got.size(),
                        started.size());
                assertEquals(143, again.terminate(Duration.ofSeconds(30)), "stopped gracefully");
            } finally {
                first.close();
                if (again != null) {
                    again.close();
                }
            }
        }
    }

    /** The webhook settings of these tests, beside {@code more}. */
    private static Map<String, String> environment(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("WEBHOOK_ALLOW_HTTP", "true");
        env.put("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1");
        env.put("WEBHOOK_RETRY_FIRST_SECONDS", "1");
        // a claim outlives an attempt by (connect + whole) x 3 = 9 s: what a killed instance held comes back soon
        env.put("WEBHOOK_CONNECT_TIMEOUT_SECONDS", "1");
        env.put("WEBHOOK_TIMEOUT_SECONDS", "2");
        env.put("DISPATCH_TIMEOUT_SECONDS", "3600");
        return env;
    }

    /** Waits for the queued events of {@code started} at {@code path}: each arrived, any repeat with its event id. */
    private static List<WebhookReceiver.Received> allArrived(WebhookReceiver receiver, String path,
                                                             List<String> started) throws InterruptedException {
        receiver.await(path, started.size(), r -> true, Duration.ofSeconds(120));
        Thread.sleep(2_000);
        List<WebhookReceiver.Received> got = receiver.received(path);
        assertEquals(Set.copyOf(started), executionsIn(got), "every one of the " + started.size()
                + " events arrived");
        Map<String, Set<String>> eventIds = new HashMap<>();
        for (WebhookReceiver.Received r : got) {
            eventIds.computeIfAbsent(JSON.readTree(r.body()).at("/data/execution/id").asString(),
                    k -> new HashSet<>()).add(r.header("X-Rpa-Event-Id"));
        }
        assertTrue(eventIds.values().stream().allMatch(ids -> ids.size() == 1), "a repeat carries the same event id");
        return got;
    }

    /** What the processes wrote (console and log files) holds no signing secret, though secrets were made. */
    private void assertNoSecretLogged() throws java.io.IOException {
        StringBuilder logs = new StringBuilder();
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt") || f.toString().endsWith(".log"))
                    .toList()) {
                logs.append(java.nio.file.Files.readString(file));
            }
        }
        assertTrue(logs.length() > 1_000, "the processes logged");
        assertTrue(!logs.toString().contains("whsec_"), "a signing secret in the logs");
    }

    private Path workDir(String name) throws java.io.IOException {
        return java.nio.file.Files.createDirectories(dir.resolve(name));
    }

    private static void subscribe(TestHttp http, String user, String url) {
        TestHttp.Answer workflow = http.send("POST", "/workflows/upsert", "{\"project_id\":\"" + user
                + "\",\"name\":\"hooked\"}", "X-User-Id", user);
        assertEquals(201, workflow.status(), workflow.body());
        TestHttp.Answer made = http.send("POST", "/webhooks", "{\"url\":\"" + url
                + "\",\"events\":[\"execution.queued\"]}", "X-User-Id", user);
        assertEquals(201, made.status(), made.body());
    }

    /** Starts {@code count} executions through the instances in turn; their ids. */
    private static List<String> start(List<TestHttp> instances, String user, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TestHttp.Answer started = instances.get(i % instances.size()).send("POST", "/executions",
                    "{\"project_id\":\"" + user + "\",\"params\":{\"i\":" + i + "}}", "X-User-Id", user);
            assertEquals(202, started.status(), started.body());
            ids.add(started.json().at("/data/execution/id").asString());
        }
        return ids;
    }

    private static Set<String> executionsIn(List<WebhookReceiver.Received> requests) {
        Set<String> ids = new HashSet<>();
        for (WebhookReceiver.Received r : requests) {
            JsonNode body = JSON.readTree(r.body());
            assertEquals("execution.queued", body.get("type").asString());
            ids.add(body.at("/data/execution/id").asString());
        }
        return ids;
    }

    private static double delivered(TestHttp http) {
        String metrics = http.send("GET", "/metrics?name%5B%5D=rpa_webhook_deliveries", null).body();
        Matcher m = DELIVERED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
