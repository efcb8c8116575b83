package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Upstream astron-rpa's integration contract's starts over REST (issue 17): a workflow's declaration set through the
 * workflow API, and {@code POST /workflows/execute-async?contract=1} with its idempotency, version, profile and limits.
 */
class ContractStartsHttpTest {
    static final String DECLARATION = """
            {"revision": "r1", "capabilities": ["json-data"], "capabilityClass": "json-data", "fileInputs": false,
             "fileOutputs": false, "requiresGui": false, "requiresHuman": false, "exclusiveTerminal": false,
             "risk": "low", "executionType": "short", "sideEffects": [], "allowedTransports": ["mcp", "rest"]}""";
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"name\":\"Invoice\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"amount\":{\"type\":\"integer\",\"default\":5},\"note\":{\"type\":\"string\"}},"
                + "\"additionalProperties\":false},\"integration\":" + DECLARATION + "}", as("alice"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private TestApi.Answer start(String body) {
        return api.post("/workflows/execute-async?contract=1", body, as("alice"));
    }

    @Test
    void theDeclarationIsKeptCanonicalWithTheInputsHashAndARefusalNamesTheField() {
        JsonNode integration = api.get("/workflows/p-1", as("alice")).json().at("/data/workflow/integration");
        assertEquals("r1", integration.get("revision").asString());
        assertEquals(64, integration.get("inputSchemaHash").asString().length());
        assertTrue(integration.get("allowed").asBoolean(), "allowed unless said otherwise");

        var unknown = api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"integration\":{\"revision\":\"r\","
                + "\"capabilities\":[\"x\"],\"colour\":\"red\"}}", as("alice"));
        assertEquals(422, unknown.status(), unknown.raw().body());
        assertEquals("integration.colour", unknown.json().at("/error/fields/0/field").asString());
        var read = api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"integration\":{\"revision\":\"r\","
                + "\"capabilities\":[\"x\"],\"capabilityClass\":\"browser-read\"}}", as("alice"));
        assertEquals(422, read.status());
        assertEquals("integration.capabilityClass", read.json().at("/error/fields/0/field").asString());
        assertTrue(read.json().at("/error/fields/0/message").asString().contains("read class"));

        var removed = api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"integration\":null}", as("alice"));
        assertEquals(200, removed.status(), removed.raw().body());
        assertTrue(api.get("/workflows/p-1", as("alice")).json().at("/data/workflow/integration").isMissingNode()
                || api.get("/workflows/p-1", as("alice")).json().at("/data/workflow/integration").isNull());
    }

    @Test
    void aStartIsAcceptedWithItsSnapshotAndTheSameKeyFindsItAgainWhateverHappenedSince() {
        var first = start("{\"project_id\":\"p-1\",\"params\":{\"note\":\"a\"},\"idempotency_key\":\"k-1\","
                + "\"execution_timeout\":60}");
        assertEquals(202, first.status(), first.raw().body());
        String id = first.json().at("/data/executionId").asString();
        JsonNode snapshot = first.json().at("/data/snapshot");
        assertEquals(id, snapshot.get("executionId").asString());
        assertEquals("accepted", snapshot.get("status").asString(), "no robot: queued, not refused");
        assertEquals(1, snapshot.get("version").asInt());

        api.post("/executions/" + id + "/cancel", null, as("alice"));
        var again = start("{\"project_id\":\"p-1\",\"params\":{\"note\":\"a\"},\"idempotency_key\":\"k-1\","
                + "\"execution_timeout\":60}");
        assertEquals(202, again.status(), again.raw().body());
        assertEquals(id, again.json().at("/data/executionId").asString());
        assertEquals("cancelled", again.json().at("/data/snapshot/status").asString(), "the first, as it is now");

        var other = start("{\"project_id\":\"p-1\",\"params\":{\"note\":\"b\"},\"idempotency_key\":\"k-1\","
                + "\"execution_timeout\":60}");
        assertEquals(403, other.status(), other.raw().body());
        assertEquals("IDEMPOTENCY_CONFLICT", other.json().at("/detail/code").asString());
        var omitted = start("{\"project_id\":\"p-1\",\"params\":{\"note\":\"a\"},\"idempotency_key\":\"k-1\"}");
        assertEquals("IDEMPOTENCY_CONFLICT", omitted.json().at("/detail/code").asString(), "omitted is not sent");
        assertEquals(404, api.post("/workflows/execute-async?contract=1", "{\"project_id\":\"p-1\","
                + "\"idempotency_key\":\"k-1\"}", as("bob")).status(), "bob's keys are his: never alice's execution");
    }

    @Test
    void theVersionAndTheProfileRevisionMustBeCurrentAndTheClassTheProfiles() {
        String revision = "sha256:" + sha256(api.get("/workflows/p-1", as("alice")).json()
                .at("/data/workflow/integration").toString());
        var ok = start("{\"project_id\":\"p-1\",\"version\":1,\"profile_revision\":\"" + revision
                + "\",\"capability_class\":\"json-data\"}");
        assertEquals(202, ok.status(), ok.raw().body());

        var version = start("{\"project_id\":\"p-1\",\"version\":2}");
        assertEquals(403, version.status());
        assertEquals("VERSION_NOT_ALLOWED", version.json().at("/detail/code").asString());
        var stale = start("{\"project_id\":\"p-1\",\"profile_revision\":\"sha256:old\"}");
        assertEquals("PROFILE_STALE", stale.json().at("/detail/code").asString());

        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"integration\":null}", as("alice"));
        var undeclared = start("{\"project_id\":\"p-1\",\"profile_revision\":\"" + revision + "\"}");
        assertEquals(403, undeclared.status());
        assertEquals("PROFILE_UNKNOWN", undeclared.json().at("/detail/code").asString());
        var anyClass = start("{\"project_id\":\"p-1\",\"capability_class\":\"json-data\"}");
        assertEquals("CAPABILITY_NOT_ALLOWED", anyClass.json().at("/detail/code").asString());
        assertEquals(202, start("{\"project_id\":\"p-1\"}").status(), "undeclared: admitted when nothing is asked");
    }

    @Test
    void badRequestsAreRefusedWithTheContractsCodesAndNothingIsStarted() {
        var unknownField = start("{\"project_id\":\"p-1\",\"phone\":\"1\"}");
        assertEquals(422, unknownField.status(), unknownField.raw().body());
        assertEquals("phone", unknownField.json().at("/error/fields/0/field").asString());
        assertEquals("INVALID_ARGUMENTS", unknownField.json().at("/detail/code").asString());
        var timeout = start("{\"project_id\":\"p-1\",\"execution_timeout\":86401}");
        assertEquals(422, timeout.status());
        assertEquals("execution_timeout", timeout.json().at("/error/fields/0/field").asString());
        var badParams = start("{\"project_id\":\"p-1\",\"params\":{\"amount\":\"x\"}}");
        assertEquals(422, badParams.status(), badParams.raw().body());
        assertEquals("INVALID_ARGUMENTS", badParams.json().at("/detail/code").asString());
        var missing = start("{\"project_id\":\"nope\"}");
        assertEquals(404, missing.status());
        assertEquals("WORKFLOW_NOT_FOUND", missing.json().at("/detail/code").asString());
        var position = start("{\"project_id\":\"p-1\",\"exec_position\":\"EDIT_PAGE\"}");
        assertEquals(403, position.status());
        assertEquals("EXECUTION_NOT_ALLOWED", position.json().at("/detail/code").asString());
        String deep = "{\"a\":".repeat(12) + "1" + "}".repeat(12);
        var recorded = start("{\"project_id\":\"p-1\",\"params\":{\"note\":\"x\"},\"recording_config\":{\"on\":1}}");
        assertEquals(202, recorded.status(), "recording_config is only hashed: " + recorded.raw().body());
        api.post("/workflows/upsert", "{\"project_id\":\"p-2\",\"name\":\"Free\"}", as("alice"));
        var limit = start("{\"project_id\":\"p-2\",\"params\":" + deep + "}");
        assertEquals(403, limit.status(), limit.raw().body());
        assertEquals("JSON_LIMIT_EXCEEDED", limit.json().at("/detail/code").asString());
        assertFalse(limit.json().at("/detail/message").asString().contains("\"a\""), "echoes nothing");
        var plain = api.post("/workflows/execute-async", "{\"project_id\":\"p-1\",\"params\":{}}", as("alice"));
        assertEquals(200, plain.status(), "without contract: the original route as it was");
        assertTrue(plain.json().at("/data/snapshot").isMissingNode());
    }

    @Test
    void inputsTheContractCannotExpressAreRefused() {
        api.post("/workflows/upsert", "{\"project_id\":\"p-3\",\"name\":\"Odd\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"^x\"}}}}", as("alice"));
        var refused = start("{\"project_id\":\"p-3\",\"params\":{\"a\":\"x\"}}");
        assertEquals(403, refused.status(), refused.raw().body());
        assertEquals("UNSUPPORTED_PARAMETERS", refused.json().at("/detail/code").asString());
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
