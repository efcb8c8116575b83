package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A key limited to some workflows (API.md §4, {@code workflow_ids}) sees exactly those, everywhere: lists, reads,
 * starts, executions and their logs, the compatibility routes and {@code /ws/events}; another workflow of its owner is
 * answered exactly as a workflow that does not exist.
 */
class AllowListHttpTest {
    private static final String USER = "u-allow";
    private static TestApi api;
    private static String limited;
    private static String outsideRun;

    @BeforeAll
    static void start() {
        api = new TestApi();
        for (String id : List.of("Invoice", "payroll", "secret-hr")) {
            assertEquals(201, api.post("/workflows/upsert", "{\"project_id\":\"" + id + "\",\"name\":\"" + id + "\"}",
                    as(USER)).status());
        }
        limited = api.keyFor(USER, """
                {"name": "agent", "scopes": ["workflows:read", "workflows:write", "executions:run", "executions:read",
                 "executions:cancel"], "workflow_ids": ["invoice", "payroll"]}""");
        outsideRun = api.post("/executions", "{\"project_id\":\"secret-hr\"}", as(USER)).json()
                .at("/data/execution/id").asString();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static Answer asKey(String method, String path, String body) {
        return api.send(api.request(method, path, body, "Authorization", "Bearer " + limited));
    }

    private static List<String> ids(JsonNode records, String field) {
        List<String> ids = new ArrayList<>();
        records.forEach(record -> ids.add(record.at(field).asString()));
        return ids;
    }

    @Test
    void listsShowOnlyTheAllowedWorkflowsWithTheirTrueTotal() {
        JsonNode page = asKey("GET", "/workflows", null).json().get("data");
        assertEquals(2, page.get("total").intValue());
        assertEquals(List.of("payroll", "Invoice"), ids(page.get("records"), "/project_id"));
        JsonNode compat = asKey("GET", "/workflows/get?pageNo=1&pageSize=10", null).json().get("data");
        assertEquals(2, compat.get("total").intValue());
        assertEquals(List.of("payroll", "Invoice"), ids(compat.get("records"), "/project_id"));
    }

    @Test
    void anotherWorkflowOfTheOwnerIsAnsweredAsOneThatDoesNotExist() {
        for (String id : List.of("secret-hr", "no-such-workflow")) {
            Answer read = asKey("GET", "/workflows/" + id, null);
            assertEquals(404, read.status(), read.raw().body());
            Answer started = asKey("POST", "/executions", "{\"project_id\":\"" + id + "\"}");
            assertEquals(404, started.status(), started.raw().body());
            assertEquals(404, asKey("DELETE", "/workflows/" + id, null).status());
            Answer compat = asKey("GET", "/workflows/get/" + id, null);
            assertEquals(200, compat.status());
            assertTrue(compat.json().get("data").isNull() || compat.json().at("/data/workflow").isNull(),
                    compat.raw().body());
            Answer compatRun = asKey("POST", "/workflows/execute-async", "{\"project_id\":\"" + id + "\"}");
            assertEquals("5001", compatRun.json().get("code").asString(), compatRun.raw().body());
        }
        assertEquals(asKey("GET", "/workflows/no-such-workflow", null).json().get("msg").asString()
                        .replace("no-such-workflow", "X"),
                asKey("GET", "/workflows/secret-hr", null).json().get("msg").asString().replace("secret-hr", "X"),
                "the same words for both");
        Answer write = asKey("POST", "/workflows/upsert", "{\"project_id\":\"secret-hr\",\"name\":\"taken over\"}");
        assertEquals(403, write.status(), write.raw().body());
        assertEquals("secret-hr", api.get("/workflows/secret-hr", as(USER)).json().at("/data/workflow/name")
                .asString(), "untouched");
        assertEquals(200, asKey("GET", "/workflows/INVOICE", null).status(), "ids compare case-insensitively");
        assertEquals(200, asKey("POST", "/workflows/upsert", "{\"project_id\":\"payroll\",\"name\":\"Payroll\"}")
                .status());
    }

    @Test
    void executionsOfAnotherWorkflowAreNotFoundAndListsNeedOneOfTheAllowedWorkflows() {
        for (String path : List.of("/executions/" + outsideRun, "/executions/" + outsideRun + "/logs")) {
            assertEquals(404, asKey("GET", path, null).status(), path);
        }
        assertEquals(404, asKey("POST", "/executions/" + outsideRun + "/cancel", null).status());
        assertEquals("PENDING", api.get("/executions/" + outsideRun, as(USER)).json().at("/data/execution/status")
                .asString(), "not cancelled");

        String mine = asKey("POST", "/executions", "{\"project_id\":\"invoice\"}").json().at("/data/execution/id")
                .asString();
        assertEquals(200, asKey("GET", "/executions/" + mine, null).status());
        Answer unnamed = asKey("GET", "/executions", null);
        assertEquals(422, unnamed.status(), unnamed.raw().body());
        assertEquals("project_id", unnamed.json().at("/error/fields/0/field").asString());
        JsonNode own = asKey("GET", "/executions?project_id=Invoice", null).json().get("data");
        assertTrue(ids(own.get("records"), "/id").contains(mine), own.toString());
        assertTrue(ids(own.get("records"), "/project_id").stream().allMatch("Invoice"::equals), own.toString());
        JsonNode other = asKey("GET", "/executions?project_id=secret-hr", null).json().get("data");
        assertEquals(0, other.get("records").size(), other.toString());
        assertEquals(other.toString().replace("secret-hr", "X"), asKey("GET",
                "/executions?project_id=no-such-workflow", null).json().get("data").toString()
                .replace("no-such-workflow", "X"), "as for a workflow that does not exist");
    }

    @Test
    void aKeyWithOneWorkflowListsItsExecutionsWithoutNamingIt() {
        String single = api.keyFor(USER, """
                {"name": "one", "scopes": ["executions:run", "executions:read"], "workflow_ids": ["payroll"]}""");
        String run = api.post("/executions", "{\"project_id\":\"payroll\"}", "X-API-Key", single).json()
                .at("/data/execution/id").asString();
        JsonNode page = api.get("/executions", "X-API-Key", single).json().get("data");
        assertTrue(ids(page.get("records"), "/id").contains(run), page.toString());
        assertTrue(ids(page.get("records"), "/project_id").stream().allMatch("payroll"::equals), page.toString());
    }

    @Test
    void aWatcherHearsOnlyOfTheAllowedWorkflows() throws Exception {
        String watcherKey = api.keyFor(USER, """
                {"name": "watch", "scopes": ["executions:read"], "workflow_ids": ["invoice"]}""");
        try (TestSocket watcher = TestSocket.open(api, "/ws/events", "X-API-Key", watcherKey)) {
            String hidden = api.post("/executions", "{\"project_id\":\"secret-hr\"}", as(USER)).json()
                    .at("/data/execution/id").asString();
            String seen = api.post("/executions", "{\"project_id\":\"invoice\"}", as(USER)).json()
                    .at("/data/execution/id").asString();
            JsonNode first = watcher.next();
            assertEquals(seen, first.at("/execution/id").asString(), first.toString());
            TimeUnit.MILLISECONDS.sleep(200);
            assertTrue(watcher.received.stream().noneMatch(frame -> frame.contains(hidden)),
                    watcher.received.toString());
        }
    }
}
