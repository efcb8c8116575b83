package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.astronrpa.openapi.domain.webhook.Signatures;
import org.astronrpa.openapi.domain.webhook.SigningSecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end, the service wired as in production against a receiver the test runs on 127.0.0.1 (allow-listed
 * by WEBHOOK_ALLOWED_HOSTS, reached over http by WEBHOOK_ALLOW_HTTP): deliveries of real execution events, signed;
 * retries after a 500; a 410 disabling the subscription; the address guard; redelivery; a rotated secret's overlap.
 */
abstract class WebhooksEndToEndContract {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private E2eService service;
    private WebhookReceiver receiver;
    /** A user of this test's own: the MySQL database is shared by the class. */
    private final String user = "hooks-" + UUID.randomUUID().toString().substring(0, 8);

    protected abstract Map<String, String> databaseEnvironment();

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        Map<String, String> env = new HashMap<>(E2eService.environment(dir, 0));
        env.putAll(databaseEnvironment());
        env.put("WEBHOOK_ALLOW_HTTP", "true");
        env.put("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1");
        env.put("WEBHOOK_RETRY_FIRST_SECONDS", "1");
        env.put("DISPATCH_TIMEOUT_SECONDS", "3600");
        service = E2eService.start(dir, env);
        service.http().upsertWorkflow(user, user);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private E2eHttp.Answer send(String method, String path, String body) {
        return service.http().send(user, method, path, body);
    }

    /** A subscription to {@code events} at the receiver's {@code path}: its id and secret. */
    private String[] subscribe(String url, String... events) {
        JsonNode made = send("POST", "/webhooks", "{\"url\":\"" + url + "\",\"events\":"
                + JSON.writeValueAsString(List.of(events)) + "}").expect(201).json().get("data");
        return new String[] {made.at("/webhook/id").asString(), made.get("secret").asString()};
    }

    private String startExecution() {
        return service.http().start(user, user, "{\"n\":1}", null, null).expect(202).execution().get("id")
                .asString();
    }

    private static JsonNode body(WebhookReceiver.Received request) {
        return JSON.readTree(request.body());
    }

    private static boolean signedBy(String secret, WebhookReceiver.Received request) {
        return Signatures.verifies(new SigningSecret(secret), Long.parseLong(request.header("X-Rpa-Timestamp")),
                request.body(), request.header("X-Rpa-Signature"));
    }

    private JsonNode deliveries(String webhook) {
        return send("GET", "/webhooks/" + webhook + "/deliveries", null).expect(200).json().at("/data/records");
    }

    @Test
    void anExecutionsEventsArriveSignedWithItsSnapshotAndSequence() {
        String[] hook = subscribe(receiver.url("/ok"), "execution.queued", "execution.cancelled");
        String execution = startExecution();
        service.http().cancel(user, execution).expect(200);

        List<WebhookReceiver.Received> got = receiver.await("/ok", 2, r -> true, WAIT);
        WebhookReceiver.Received queued = got.stream().filter(r -> "execution.queued".equals(
                r.header("X-Rpa-Event-Type"))).findFirst().orElseThrow();
        WebhookReceiver.Received cancelled = got.stream().filter(r -> "execution.cancelled".equals(
                r.header("X-Rpa-Event-Type"))).findFirst().orElseThrow();
        for (WebhookReceiver.Received r : got) {
            assertTrue(signedBy(hook[1], r), "signed with the subscription's secret");
            assertEquals(r.header("X-Rpa-Event-Id"), body(r).get("id").asString());
            assertEquals("application/json", r.header("Content-Type"));
        }
        assertEquals(execution, body(queued).at("/data/execution/id").asString());
        assertEquals("PENDING", body(queued).at("/data/execution/status").asString());
        assertEquals("CANCELLED", body(cancelled).at("/data/execution/status").asString());
        assertTrue(body(cancelled).get("sequence").asLong() > body(queued).get("sequence").asLong(),
                "a receiver can order them");
        assertFalse(signedBy("whsec_not-the-secret-0123456789", queued));

        // the attempts' outcomes are stored a moment after the receiver has answered (in batches)
        JsonNode log = deliveries(hook[0]);
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end && !(log.size() == 2 && "delivered".equals(log.at("/0/status").asString())
                && "delivered".equals(log.at("/1/status").asString()))) {
            sleep(50);
            log = deliveries(hook[0]);
        }
        assertEquals(2, log.size());
        for (JsonNode delivery : log) {
            assertEquals("delivered", delivery.get("status").asString(), log.toString());
            assertEquals(200, delivery.at("/last_attempt/status_code").asInt());
        }
        String metrics = "";
        for (int tries = 0; tries < 40 && !metrics.contains("delivered\"} 2.0"); tries++) {
            sleep(tries == 0 ? 0 : 50);   // counted just after they are stored
            metrics = service.http().send(user, "GET", "/metrics?name%5B%5D=rpa_webhook_deliveries"
                    + "&name%5B%5D=rpa_webhook_delivery_lag_seconds_count", null).body();
        }
        assertTrue(metrics.contains("rpa_webhook_deliveries_total{outcome=\"delivered\"} 2.0"), metrics);
        assertTrue(metrics.contains("rpa_webhook_delivery_lag_seconds_count 2"), metrics);
    }

    @Test
    void aServerErrorIsRetriedWithBackoffUntilTheReceiverTakesIt() {
        receiver.script("/flaky", 500, 503);
        String[] hook = subscribe(receiver.url("/flaky"), "execution.queued");
        startExecution();

        receiver.await("/flaky", 1, r -> true, WAIT);
        String depth = service.http().send(user, "GET", "/metrics?name%5B%5D=rpa_webhook_queue_depth", null).body();
        assertTrue(depth.contains("rpa_webhook_queue_depth{webhook_id=\"" + hook[0] + "\"} 1.0"),
                "pending until delivered: " + depth);
        List<WebhookReceiver.Received> got = receiver.await("/flaky", 3, r -> true, WAIT);
        assertEquals(got.get(0).header("X-Rpa-Event-Id"), got.get(2).header("X-Rpa-Event-Id"), "the same event");
        assertEquals(List.of("1", "2", "3"), got.stream().map(r -> r.header("X-Rpa-Delivery-Attempt")).toList());
        Duration first = Duration.between(got.get(0).at(), got.get(1).at());
        Duration second = Duration.between(got.get(1).at(), got.get(2).at());
        assertTrue(first.toMillis() >= 700, "the first wait is about a second: " + first);
        assertTrue(second.toMillis() >= 1_500, "then about two: " + second);

        String delivery = awaitDelivered(hook[0]);
        JsonNode detail = send("GET", "/webhooks/" + hook[0] + "/deliveries/" + delivery, null).expect(200).json()
                .get("data");
        assertEquals(3, detail.at("/delivery/attempts").asInt());
        assertEquals(List.of(200, 503, 500), List.of(detail.at("/attempts/0/status_code").asInt(),
                detail.at("/attempts/1/status_code").asInt(), detail.at("/attempts/2/status_code").asInt()));
        assertEquals("answered 503", detail.at("/attempts/1/response_body").asString());
    }

    private String awaitDelivered(String webhook) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonNode log = deliveries(webhook);
            if (log.size() > 0 && "delivered".equals(log.at("/0/status").asString())) {
                return log.at("/0/id").asString();
            }
            sleep(50);
        }
        throw new AssertionError("not delivered: " + deliveries(webhook));
    }

    @Test
    void goneDisablesTheSubscriptionAndItsOwnerHearsOfIt() {
        receiver.script("/gone", 410);
        String[] watcher = subscribe(receiver.url("/watch"), "webhook.disabled");
        String[] gone = subscribe(receiver.url("/gone"), "execution.queued");
        startExecution();

        WebhookReceiver.Received told = receiver.await("/watch", 1, r -> true, WAIT).get(0);
        assertTrue(signedBy(watcher[1], told));
        assertEquals(gone[0], body(told).at("/data/webhook_id").asString());
        assertEquals("the receiver answered 410 Gone", body(told).at("/data/reason").asString());
        JsonNode off = send("GET", "/webhooks/" + gone[0], null).expect(200).json().at("/data/webhook");
        assertFalse(off.get("active").asBoolean());
        assertEquals("the receiver answered 410 Gone", off.get("disabled_reason").asString());

        startExecution();
        sleep(500);
        assertEquals(1, receiver.received("/gone").size(), "a disabled subscription is sent nothing");
        assertTrue(send("PATCH", "/webhooks/" + gone[0], "{\"active\":true}").expect(200).json()
                .at("/data/webhook/active").asBoolean(), "its owner turns it on again");
    }

    @Test
    void loopbackIsRefusedUnlessItsHostIsAllowListed() {
        String[] refused = subscribe("http://localhost:" + receiver.port() + "/guarded", "execution.queued");
        startExecution();
        long end = System.nanoTime() + WAIT.toNanos();
        JsonNode log = deliveries(refused[0]);
        while (System.nanoTime() < end && !(log.size() == 1 && "failed".equals(log.at("/0/status").asString()))) {
            sleep(50);
            log = deliveries(refused[0]);
        }
        assertEquals("failed", log.at("/0/status").asString(), log.toString());
        String error = log.at("/0/last_attempt/error").asString();
        assertTrue(error.contains("loopback") && error.contains("WEBHOOK_ALLOWED_HOSTS"), error);
        assertEquals(0, receiver.received("/guarded").size(), "nothing was sent");
    }

    @Test
    void aDeliveryIsSentAgainOnRequestWithTheSameEvent() {
        String[] hook = subscribe(receiver.url("/again"), "execution.queued");
        startExecution();
        WebhookReceiver.Received first = receiver.await("/again", 1, r -> true, WAIT).get(0);
        String delivery = awaitDelivered(hook[0]);

        send("POST", "/webhooks/" + hook[0] + "/deliveries/" + delivery + "/redeliver", null).expect(202);

        WebhookReceiver.Received again = receiver.await("/again", 2, r -> true, WAIT).get(1);
        assertEquals(first.header("X-Rpa-Event-Id"), again.header("X-Rpa-Event-Id"));
        assertEquals(first.body(), again.body(), "the same body");
        assertEquals("2", again.header("X-Rpa-Delivery-Attempt"));
    }

    @Test
    void duringARotationsOverlapBothSecretsSign() {
        String[] hook = subscribe(receiver.url("/rotated"), "execution.queued");
        String newSecret = send("POST", "/webhooks/" + hook[0] + "/rotate-secret", "{\"overlap_seconds\":600}")
                .expect(200).json().at("/data/secret").asString();
        startExecution();
        WebhookReceiver.Received got = receiver.await("/rotated", 1, r -> true, WAIT).get(0);
        assertTrue(signedBy(newSecret, got));
        assertTrue(signedBy(hook[1], got), "the old secret still signs during the overlap");

        String newest = send("POST", "/webhooks/" + hook[0] + "/rotate-secret", "{\"overlap_seconds\":0}")
                .expect(200).json().at("/data/secret").asString();
        startExecution();
        WebhookReceiver.Received later = receiver.await("/rotated", 2, r -> true, WAIT).get(1);
        assertTrue(signedBy(newest, later));
        assertFalse(signedBy(newSecret, later), "no overlap asked: the replaced secret no longer signs");
    }

    @Test
    void anExecutionsCallbackGetsItsEventsSignedWithItsOwnersCallbackSecret() {
        String execution = service.http().start(user, user, "{\"n\":1}", null, "\"callback\": {\"url\": \""
                + receiver.url("/cb") + "\", \"events\": [\"execution.queued\", \"execution.cancelled\"]}")
                .expect(202).execution().get("id").asString();
        service.http().cancel(user, execution).expect(200);
        String secret = send("GET", "/webhooks/callback-secret", null).expect(200).json().at("/data/secret")
                .asString();

        List<WebhookReceiver.Received> got = receiver.await("/cb", 2, r -> true, WAIT);
        for (WebhookReceiver.Received r : got) {
            assertTrue(signedBy(secret, r));
            assertEquals(execution, body(r).at("/data/execution/id").asString());
        }
        assertEquals(List.of("execution.queued", "execution.cancelled"), got.stream()
                .map(r -> r.header("X-Rpa-Event-Type")).sorted(java.util.Comparator.reverseOrder()).toList());
        assertEquals(receiver.url("/cb"), send("GET", "/executions/" + execution, null).expect(200).json()
                .at("/data/execution/callback/url").asString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
