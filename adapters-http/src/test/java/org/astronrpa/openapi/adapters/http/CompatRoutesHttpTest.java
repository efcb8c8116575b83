package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.ErrorEnvelopeHttpTest.assertProblem;
import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.astronrpa.openapi.adapters.http.WorkflowRoutesHttpTest.WIRE_TIME;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The original service's routes (API.md §7): its data shapes, HTTP 200 with code 5001 for business errors,
 * and 401 for missing credentials.
 */
class CompatRoutesHttpTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static JsonNode okData(Answer answer) {
        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals("0000", answer.json().get("code").asString(), answer.raw().body());
        return answer.json().get("data");
    }

    private static void upsert(String user, String projectId) {
        Answer answer = api.post("/workflows/upsert", "{\"project_id\": \"" + projectId + "\", \"name\": \"W " + projectId
                + "\"}", as(user));
        assertEquals(201, answer.status(), answer.raw().body());
    }

    @Test
    void workflowsGetListsTheTotalAndTheRecords() {
        upsert("u-compat-list", "compat-list-1");
        upsert("u-compat-list", "compat-list-2");
        upsert("u-compat-list", "compat-list-3");

        JsonNode data = okData(api.get("/workflows/get?pageNo=1&pageSize=2", as("u-compat-list")));

        assertEquals(Set.of("total", "records"), new TreeSet<>(data.propertyNames()));
        assertEquals(3, data.get("total").intValue());
        assertEquals(2, data.get("records").size());
        assertEquals("u-compat-list", data.get("records").get(0).get("user_id").asString());
    }

    @Test
    void workflowsGetWithAProjectIdAnswersThatWorkflow() {
        upsert("u-compat-one", "compat-one-1");

        JsonNode data = okData(api.get("/workflows/get?project_id=compat-one-1", as("u-compat-one")));

        assertEquals(Set.of("workflow"), new TreeSet<>(data.propertyNames()));
        assertEquals("compat-one-1", data.get("workflow").get("project_id").asString());
    }

    @Test
    void workflowsGetWithAnUnknownProjectIdAnswersANullWorkflow() {
        JsonNode data = okData(api.get("/workflows/get?project_id=compat-absent", as("u-compat-one")));

        assertTrue(data.has("workflow") && data.get("workflow").isNull(), data.toString());
    }

    @Test
    void workflowsGetByPathAnswersTheWorkflow() {
        upsert("u-compat-path", "compat-path-1");

        JsonNode workflow = okData(api.get("/workflows/get/compat-path-1", as("u-compat-path"))).get("workflow");

        assertEquals("compat-path-1", workflow.get("project_id").asString());
        assertTrue(workflow.get("created_at").asString().matches(WIRE_TIME), workflow.toString());
    }

    @Test
    void workflowsGetByPathOfAnAbsentWorkflowAnswersCode0000AndNullData() {
        JsonNode data = okData(api.get("/workflows/get/compat-never", as("u-compat-path")));

        assertTrue(data.isNull(), String.valueOf(data));
    }

    @Test
    void anotherUsersWorkflowLooksAbsentOnTheCompatRoutes() {
        upsert("u-compat-owner", "compat-owned");

        assertTrue(okData(api.get("/workflows/get/compat-owned", as("u-compat-intruder"))).isNull());
        assertTrue(okData(api.get("/workflows/get?project_id=compat-owned", as("u-compat-intruder")))
                .get("workflow").isNull());
        assertEquals(0, okData(api.get("/workflows/get", as("u-compat-intruder"))).get("total").intValue());
    }

    @Test
    void apiKeysGetListsTheOriginalRecordShapeMasked() {
        JsonNode issued = api.post("/api-keys", "{\"name\": \"legacy\"}", as("u-compat-keys")).json().get("data");
        api.get("/workflows", "X-API-Key", issued.get("api_key").asString());

        JsonNode data = okData(api.get("/api-keys/get?pageNo=1&pageSize=10", as("u-compat-keys")));

        assertEquals(Set.of("total", "records"), new TreeSet<>(data.propertyNames()));
        assertEquals(1, data.get("total").intValue());
        JsonNode record = data.get("records").get(0);
        assertAll(
                () -> assertEquals(Set.of("id", "api_key", "name", "createTime", "recentTime"),
                        new TreeSet<>(record.propertyNames())),
                () -> assertEquals(issued.get("id"), record.get("id")),
                () -> assertEquals(issued.get("prefix").asString() + "******************", record.get("api_key").asString()),
                () -> assertEquals("legacy", record.get("name").asString()),
                () -> assertEquals(issued.get("created_at"), record.get("createTime")),
                () -> assertTrue(record.get("recentTime").asString().matches(WIRE_TIME), record.toString()));
    }

    @Test
    void apiKeysCreateAnswersOnlyTheFullKeyWhichWorks() {
        JsonNode data = okData(api.post("/api-keys/create", "{\"name\": \"from console\"}", as("u-compat-create")));

        assertEquals(Set.of("api_key"), new TreeSet<>(data.propertyNames()));
        String key = data.get("api_key").asString();
        assertTrue(key.length() >= 32, key);
        assertEquals(200, api.get("/workflows", "Authorization", "Bearer " + key).status());
    }

    @Test
    void apiKeysRemoveRevokesTheKeyAndAnswersNullData() {
        JsonNode issued = api.post("/api-keys", "{\"name\": \"remove me\"}", as("u-compat-remove")).json().get("data");

        JsonNode data = okData(api.post("/api-keys/remove", "{\"id\": \"" + issued.get("id").asString() + "\"}",
                as("u-compat-remove")));

        assertTrue(data.isNull(), String.valueOf(data));
        assertEquals(401, api.get("/workflows", "X-API-Key", issued.get("api_key").asString()).status());
        assertTrue(api.revoked.contains(issued.get("id").asString()));
    }

    @Test
    void removingAnUnknownKeyAnswersHttp200WithCode5001() {
        assertProblem(api.post("/api-keys/remove", "{\"id\": \"no-such-key\"}", as("u-compat-remove")), 200,
                "not_found");
    }

    @Test
    void removingAnotherUsersKeyAnswersHttp200WithCode5001AndKeepsIt() {
        JsonNode issued = api.post("/api-keys", "{\"name\": \"keep\"}", as("u-compat-keeper")).json().get("data");

        assertProblem(api.post("/api-keys/remove", "{\"id\": \"" + issued.get("id").asString() + "\"}",
                as("u-compat-thief")), 200, "not_found");

        assertEquals(200, api.get("/workflows", "X-API-Key", issued.get("api_key").asString()).status());
    }

    @Test
    void removingWithoutAnIdAnswersHttp200WithCode5001NamingIt() {
        assertProblem(api.post("/api-keys/remove", "{}", as("u-compat-remove")), 200, "validation", "id");
    }

    @Test
    void creatingAKeyWithAnEmptyNameAnswersHttp200WithCode5001NamingIt() {
        assertProblem(api.post("/api-keys/create", "{\"name\": \"\"}", as("u-compat-create")), 200, "validation", "name");
    }

    @Test
    void aBadPageOnTheCompatListAnswersHttp200WithCode5001NamingIt() {
        assertProblem(api.get("/workflows/get?pageSize=0", as("u-compat-list")), 200, "validation", "pageSize");
    }

    @Test
    void aBodyOverOneMebibyteOnACompatRouteAnswersHttp200WithCode5001PayloadTooLarge() {
        String big = "{\"name\": \"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(api.post("/api-keys/create", big, as("u-compat-big")), 200, "payload_too_large");
    }

    @Test
    void keyManagementWithAnApiKeyAnswersHttp200WithCode5001Forbidden() {
        String key = api.keyFor("u-compat-minter");

        assertProblem(api.get("/api-keys/get", "X-API-Key", key), 200, "forbidden");
        assertProblem(api.post("/api-keys/create", "{\"name\": \"minted\"}", "X-API-Key", key), 200, "forbidden");
        assertProblem(api.post("/api-keys/remove", "{\"id\": \"x\"}", "X-API-Key", key), 200, "forbidden");
    }

    @Test
    void aWorkflowWhoseProjectIdIsGetIsReadThroughTheCompatPath() {
        upsert("u-compat-get", "get");

        JsonNode workflow = okData(api.get("/workflows/get/get", as("u-compat-get"))).get("workflow");

        assertEquals("get", workflow.get("project_id").asString());
    }

    @Test
    void missingCredentialsOnTheCompatRoutesAreStill401() {
        for (Answer answer : new Answer[] {
                api.get("/workflows/get"),
                api.get("/workflows/get/compat-any"),
                api.get("/api-keys/get"),
                api.post("/api-keys/create", "{\"name\": \"x\"}"),
                api.post("/api-keys/remove", "{\"id\": \"x\"}")}) {
            assertProblem(answer, 401, "unauthorized");
            assertTrue(answer.header("WWW-Authenticate").startsWith("Bearer"), answer.header("WWW-Authenticate"));
        }
    }

    @Test
    void aRevokedKeyOnTheCompatRoutesIs401() {
        JsonNode issued = api.post("/api-keys", "{\"name\": \"gone\"}", as("u-compat-revoked")).json().get("data");
        api.delete("/api-keys/" + issued.get("id").asString(), as("u-compat-revoked"));

        assertProblem(api.get("/workflows/get", "Authorization", "Bearer " + issued.get("api_key").asString()), 401,
                "unauthorized");
    }

    @Test
    void aKeyReadsWorkflowsThroughTheCompatRoutes() {
        upsert("u-compat-key", "compat-key-1");
        String key = api.keyFor("u-compat-key");

        JsonNode data = okData(api.get("/workflows/get/compat-key-1", "Authorization", "Bearer " + key));

        assertEquals("compat-key-1", data.get("workflow").get("project_id").asString());
    }
}
