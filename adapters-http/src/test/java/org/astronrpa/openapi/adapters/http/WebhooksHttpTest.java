package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /webhooks} over HTTP: every answer checked against openapi.json by the test client (API.md §3b). */
class WebhooksHttpTest {
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static List<String> fields(TestApi.Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.json().at("/error/fields").forEach(f -> fields.add(f.get("field").asString()));
        return fields;
    }

    private JsonNode create(String body) {
        TestApi.Answer created = api.post("/webhooks", body, as("alice"));
        assertEquals(201, created.status(), created.raw().body());
        return created.json().get("data");
    }

    @Test
    void aSubscriptionIsMadeWithItsSecretShownOnceThenReadListedChangedAndDeleted() {
        JsonNode made = create("{\"url\":\"https://hooks.example.com/rpa\",\"events\":[\"execution.failed\","
                + "\"execution.completed\"],\"project_ids\":[\"Flow-A\"]}");
        String id = made.at("/webhook/id").asString();
        assertTrue(made.get("secret").asString().startsWith("whsec_"));
        assertEquals("[\"execution.completed\",\"execution.failed\"]", made.at("/webhook/events").toString());
        assertEquals("[\"flow-a\"]", made.at("/webhook/project_ids").toString());

        TestApi.Answer read = api.get("/webhooks/" + id, as("alice"));
        assertEquals(200, read.status());
        assertFalse(read.raw().body().contains("whsec_"), "the secret is shown once");
        assertTrue(read.json().at("/data/webhook/active").asBoolean());
        assertEquals(1, api.get("/webhooks", as("alice")).json().at("/data/total").asInt());
        assertEquals(0, api.get("/webhooks", as("bob")).json().at("/data/total").asInt());
        assertEquals(404, api.get("/webhooks/" + id, as("bob")).status(), "another user's is not found");

        TestApi.Answer changed = api.patch("/webhooks/" + id, "{\"active\":false,\"events\":[\"*\"]}", as("alice"));
        assertEquals(200, changed.status(), changed.raw().body());
        assertFalse(changed.json().at("/data/webhook/active").asBoolean());
        assertEquals("[\"*\"]", changed.json().at("/data/webhook/events").toString());
        assertEquals("https://hooks.example.com/rpa", changed.json().at("/data/webhook/url").asString(),
                "what was not sent stays");

        assertEquals(404, api.delete("/webhooks/" + id, as("bob")).status());
        assertEquals(200, api.delete("/webhooks/" + id, as("alice")).status());
        assertEquals(404, api.get("/webhooks/" + id, as("alice")).status());
    }

    @Test
    void aRotationShowsTheNewSecretAndUntilWhenTheOldOneSigns() {
        JsonNode made = create("{\"url\":\"https://hooks.example.com/rpa\",\"events\":[\"*\"]}");
        String id = made.at("/webhook/id").asString();
        TestApi.Answer rotated = api.post("/webhooks/" + id + "/rotate-secret", "{\"overlap_seconds\":600}",
                as("alice"));
        assertEquals(200, rotated.status(), rotated.raw().body());
        assertNotEquals(made.get("secret").asString(), rotated.json().at("/data/secret").asString());
        assertFalse(rotated.json().at("/data/webhook/previous_secret_valid_until").isNull());
        TestApi.Answer noBody = api.send(api.request("POST", "/webhooks/" + id + "/rotate-secret", null,
                as("alice")));
        assertEquals(200, noBody.status(), "the default overlap");
        assertEquals(List.of("overlap_seconds"), fields(api.post("/webhooks/" + id + "/rotate-secret",
                "{\"overlap_seconds\":-1}", as("alice"))));
        assertEquals(List.of("overlap_seconds"), fields(api.post("/webhooks/" + id + "/rotate-secret",
                "{\"overlap_seconds\":\"soon\"}", as("alice"))));
    }

    @Test
    void aPingIsQueuedAndShowsInTheDeliveryLog() {
        String id = create("{\"url\":\"https://hooks.example.com/rpa\",\"events\":[\"*\"]}").at("/webhook/id")
                .asString();
        TestApi.Answer ping = api.post("/webhooks/" + id + "/ping", "", as("alice"));
        assertEquals(202, ping.status(), ping.raw().body());
        String delivery = ping.json().at("/data/delivery/id").asString();
        assertEquals("webhook.ping", ping.json().at("/data/delivery/event_type").asString());

        JsonNode log = api.get("/webhooks/" + id + "/deliveries", as("alice")).json().get("data");
        assertEquals(1, log.get("total").asInt());
        assertEquals(delivery, log.at("/records/0/id").asString());
        JsonNode detail = api.get("/webhooks/" + id + "/deliveries/" + delivery, as("alice")).json().get("data");
        assertEquals(id, detail.at("/delivery/body/data/webhook_id").asString(), detail.toString());
        assertEquals(202, api.post("/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", "", as("alice"))
                .status());
        assertEquals(404, api.get("/webhooks/" + id + "/deliveries/nope", as("alice")).status());
        assertEquals(404, api.get("/webhooks/" + id + "/deliveries/" + delivery, as("bob")).status());
        assertEquals(List.of("status"), fields(api.get("/webhooks/" + id + "/deliveries?status=lost",
                as("alice"))));
    }

    @Test
    void badInputIsA422NamingEachField() {
        TestApi.Answer refused = api.post("/webhooks", "{\"url\":\"http://hooks.example.com/\","
                + "\"events\":[\"execution.exploded\"],\"project_ids\":[\"ok\",\"\"]}", as("alice"));
        assertEquals(422, refused.status());
        assertEquals(List.of("url", "events", "project_ids[1]"), fields(refused));
        assertEquals(List.of("url", "events"), fields(api.post("/webhooks", "{}", as("alice"))));
        assertEquals(List.of("events[0]", "active"), fields(api.post("/webhooks",
                "{\"url\":\"https://h.example/\",\"events\":[1],\"active\":\"yes\"}", as("alice"))));
        assertEquals(List.of("url"), fields(api.post("/webhooks",
                "{\"url\":\"https://user:secret@h.example/\",\"events\":[\"*\"]}", as("alice"))));
        assertEquals(400, api.post("/webhooks", "{not json", as("alice")).status());
        assertEquals(401, api.post("/webhooks", "{}").status());
    }

    @Test
    void theCallbackSecretIsMadeOnFirstReadShownToItsOwnerAndRotated() {
        TestApi.Answer first = api.get("/webhooks/callback-secret", as("alice"));
        assertEquals(200, first.status(), first.raw().body());
        String secret = first.json().at("/data/secret").asString();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(secret, api.get("/webhooks/callback-secret", as("alice")).json().at("/data/secret").asString());
        assertNotEquals(secret, api.get("/webhooks/callback-secret", as("bob")).json().at("/data/secret").asString(),
                "one per user");
        TestApi.Answer rotated = api.post("/webhooks/callback-secret", "{\"overlap_seconds\":0}", as("alice"));
        assertEquals(200, rotated.status(), rotated.raw().body());
        assertNotEquals(secret, rotated.json().at("/data/secret").asString());
        assertTrue(rotated.json().at("/data/previous_secret_valid_until").isNull(), "no overlap asked");
        assertEquals(List.of("overlap_seconds"), fields(api.post("/webhooks/callback-secret",
                "{\"overlap_seconds\":604801}", as("alice"))));
    }

    @Test
    void anExecutionStartedWithACallbackShowsItAndBadCallbacksAreNamed() {
        api.post("/workflows/upsert", "{\"project_id\":\"cb-1\",\"name\":\"Callback\"}", as("alice"));
        TestApi.Answer started = api.post("/executions", "{\"project_id\":\"cb-1\",\"callback\":"
                + "{\"url\":\"https://app.example.com/done\"}}", as("alice"));
        assertEquals(202, started.status(), started.raw().body());
        JsonNode callback = started.json().at("/data/execution/callback");
        assertEquals("https://app.example.com/done", callback.get("url").asString());
        assertEquals("[\"execution.completed\",\"execution.failed\",\"execution.cancelled\","
                + "\"execution.timed_out\"]", callback.get("events").toString());
        assertTrue(api.get("/webhooks/callback-secret", as("alice")).json().at("/data/secret").asString()
                .startsWith("whsec_"), "made at the start");
        assertFalse(api.post("/executions", "{\"project_id\":\"cb-1\"}", as("alice")).json()
                .at("/data/execution").has("callback"), "absent when none was asked for");

        assertEquals(List.of("callback.url", "callback.events"), fields(api.post("/executions",
                "{\"project_id\":\"cb-1\",\"callback\":{\"url\":\"http://app.example.com/\","
                        + "\"events\":[\"robot.online\"]}}", as("alice"))));
        assertEquals(List.of("callback.events[0]"), fields(api.post("/executions",
                "{\"project_id\":\"cb-1\",\"callback\":{\"url\":\"https://a.example/\",\"events\":[3]}}",
                as("alice"))));
        assertEquals(List.of("callback.token"), fields(api.post("/executions",
                "{\"project_id\":\"cb-1\",\"callback\":{\"url\":\"https://a.example/\",\"token\":\"x\"}}",
                as("alice"))));
        assertEquals(List.of("callback"), fields(api.post("/executions",
                "{\"project_id\":\"cb-1\",\"callback\":\"https://a.example/\"}", as("alice"))));
    }
}
