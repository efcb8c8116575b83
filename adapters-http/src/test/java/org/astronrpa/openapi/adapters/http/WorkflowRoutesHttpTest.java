package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.ErrorEnvelopeHttpTest.assertProblem;
import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /workflows} (API.md §2) through a real socket: the happy paths and the owner's boundaries. */
class WorkflowRoutesHttpTest {
    static final String WIRE_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final Set<String> WORKFLOW_FIELDS = Set.of("project_id", "name", "english_name", "description",
            "version", "status", "parameters", "tool_name", "user_id", "created_at", "updated_at", "integration");
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static Answer upsert(String user, String body) {
        return api.post("/workflows/upsert", body, as(user));
    }

    private static JsonNode workflowOf(Answer answer) {
        return answer.json().get("data").get("workflow");
    }

    private static List<String> projectIds(Answer page) {
        List<String> ids = new ArrayList<>();
        page.json().get("data").get("records").forEach(w -> ids.add(w.get("project_id").asString()));
        return ids;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Creation instants are milliseconds: a short pause keeps "newest first" unambiguous. */
    private static void nextMillisecond() throws InterruptedException {
        Thread.sleep(3);
    }

    @Test
    void creatingAWorkflowAnswers201WithItsLocationAndEveryField() {
        Answer answer = upsert("u-create", """
                {"project_id": "create-1", "name": "Invoice robot", "english_name": "invoice robot!",
                 "description": "books invoices", "version": "2.1.0", "status": 0,
                 "parameters": {"type": "object", "properties": {"amount": {"type": "number"}}}}""");

        assertEquals(201, answer.status(), answer.raw().body());
        assertEquals("/workflows/create-1", answer.header("Location"));
        JsonNode body = answer.json();
        JsonNode workflow = workflowOf(answer);
        assertAll(
                () -> assertEquals("0000", body.get("code").asString()),
                () -> assertEquals("", body.get("msg").asString()),
                () -> assertEquals("created", body.get("data").get("action").asString()),
                () -> assertEquals(WORKFLOW_FIELDS, new TreeSet<>(workflow.propertyNames())),
                () -> assertEquals("create-1", workflow.get("project_id").asString()),
                () -> assertEquals("Invoice robot", workflow.get("name").asString()),
                () -> assertEquals("invoice robot!", workflow.get("english_name").asString()),
                () -> assertEquals("books invoices", workflow.get("description").asString()),
                () -> assertEquals("2.1.0", workflow.get("version").asString()),
                () -> assertEquals(0, workflow.get("status").intValue()),
                () -> assertEquals(TestApi.JSON.readTree(
                        "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}}}"), workflow.get("parameters")),
                () -> assertEquals("invoice_robot", workflow.get("tool_name").asString()),
                () -> assertEquals("u-create", workflow.get("user_id").asString()),
                () -> assertTrue(workflow.get("created_at").asString().matches(WIRE_TIME), workflow.toString()),
                () -> assertEquals(workflow.get("created_at"), workflow.get("updated_at")));
    }

    @Test
    void aMinimalWorkflowGetsTheDefaultsAndShowsAbsentFieldsAsNull() {
        JsonNode workflow = workflowOf(upsert("u-minimal", "{\"project_id\": \"minimal-1\", \"name\": \"Daily report\"}"));

        assertAll(
                () -> assertEquals(WORKFLOW_FIELDS, new TreeSet<>(workflow.propertyNames())),
                () -> assertEquals("1.0.0", workflow.get("version").asString()),
                () -> assertEquals(1, workflow.get("status").intValue()),
                () -> assertEquals("Daily_report", workflow.get("tool_name").asString()),
                () -> assertTrue(workflow.get("english_name").isNull()),
                () -> assertTrue(workflow.get("description").isNull()),
                () -> assertTrue(workflow.get("parameters").isNull()));
    }

    @Test
    void upsertOfAnExistingWorkflowChangesOnlyTheSentFields() throws InterruptedException {
        JsonNode before = workflowOf(upsert("u-update", """
                {"project_id": "update-1", "name": "Old name", "description": "kept", "version": "1.2.3",
                 "parameters": {"type": "object"}}"""));
        nextMillisecond();

        Answer answer = upsert("u-update", "{\"project_id\": \"update-1\", \"name\": \"New name\", \"status\": 0}");

        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals("updated", answer.json().get("data").get("action").asString());
        JsonNode after = workflowOf(answer);
        assertAll(
                () -> assertEquals("New name", after.get("name").asString()),
                () -> assertEquals(0, after.get("status").intValue()),
                () -> assertEquals("New_name", after.get("tool_name").asString()),
                () -> assertEquals("kept", after.get("description").asString()),
                () -> assertEquals("1.2.3", after.get("version").asString()),
                () -> assertEquals(before.get("parameters"), after.get("parameters")),
                () -> assertEquals(before.get("created_at"), after.get("created_at")),
                () -> assertTrue(after.get("updated_at").asString().compareTo(before.get("updated_at").asString()) > 0,
                        after.toString()),
                () -> assertEquals(after, workflowOf(api.get("/workflows/update-1", as("u-update")))));
    }

    @Test
    void anIntegerProjectIdIsStoredAsAString() {
        Answer answer = upsert("u-int", "{\"project_id\": 1234567, \"name\": \"Numbered\"}");

        assertEquals(201, answer.status(), answer.raw().body());
        assertTrue(workflowOf(answer).get("project_id").isString(), answer.raw().body());
        assertEquals("1234567", workflowOf(answer).get("project_id").asString());
        assertEquals("1234567", workflowOf(api.get("/workflows/1234567", as("u-int"))).get("project_id").asString());
    }

    @Test
    void parametersSentAsAJsonStringAreReturnedAsAnObject() {
        Answer answer = upsert("u-string-params", """
                {"project_id": "string-params-1", "name": "Legacy",
                 "parameters": "{\\"type\\": \\"object\\", \\"required\\": [\\"to\\"]}"}""");

        assertEquals(201, answer.status(), answer.raw().body());
        JsonNode parameters = workflowOf(answer).get("parameters");
        assertTrue(parameters.isObject(), answer.raw().body());
        assertEquals(TestApi.JSON.readTree("{\"type\":\"object\",\"required\":[\"to\"]}"), parameters);
    }

    @Test
    void theLocationOfAProjectIdWithSpacesAndUnicodeLeadsBackToIt() {
        Answer created = upsert("u-location", "{\"project_id\": \"my project ü+1\", \"name\": \"Spaced\"}");
        assertEquals(201, created.status(), created.raw().body());

        Answer found = api.get(created.header("Location"), as("u-location"));

        assertEquals(200, found.status(), created.header("Location") + " " + found.raw().body());
        assertEquals("my project ü+1", workflowOf(found).get("project_id").asString());
    }

    @Test
    void twoWorkflowsOfOneUserWithTheSameNameGetDifferentToolNames() {
        String first = workflowOf(upsert("u-tools", "{\"project_id\": \"tools-1\", \"name\": \"Same\"}"))
                .get("tool_name").asString();
        String second = workflowOf(upsert("u-tools", "{\"project_id\": \"tools-2\", \"name\": \"same\"}"))
                .get("tool_name").asString();

        assertEquals("Same", first);
        assertEquals("same_" + sha256Hex("tools-2").substring(0, 6), second);
    }

    @Test
    void anotherUsersToolNameDoesNotCollide() {
        upsert("u-tools-a", "{\"project_id\": \"tools-a\", \"name\": \"Shared tool\"}");

        JsonNode workflow = workflowOf(upsert("u-tools-b", "{\"project_id\": \"tools-b\", \"name\": \"Shared tool\"}"));

        assertEquals("Shared_tool", workflow.get("tool_name").asString());
    }

    @Test
    void aNameWithoutLatinLettersGetsAStableWorkflowToolName() {
        String first = workflowOf(upsert("u-cjk", "{\"project_id\": \"cjk-tool\", \"name\": \"发票机器人\"}"))
                .get("tool_name").asString();
        api.delete("/workflows/cjk-tool", as("u-cjk"));
        String again = workflowOf(upsert("u-cjk", "{\"project_id\": \"cjk-tool\", \"name\": \"发票机器人\"}"))
                .get("tool_name").asString();

        assertEquals("workflow_" + sha256Hex("cjk-tool").substring(0, 6), first);
        assertEquals(first, again);
    }

    @Test
    void changingOtherFieldsKeepsTheToolName() {
        upsert("u-keep-tool", "{\"project_id\": \"keep-tool-1\", \"name\": \"Keeper\"}");

        JsonNode updated = workflowOf(upsert("u-keep-tool", "{\"project_id\": \"keep-tool-1\", \"description\": \"d\"}"));

        assertEquals("Keeper", updated.get("tool_name").asString());
    }

    @Test
    void aNameWithTheReservedToolPrefixGetsASuffix() {
        String toolName = workflowOf(upsert("u-reserved",
                "{\"project_id\": \"reserved-1\", \"name\": \"rpa_list_workflows\"}")).get("tool_name").asString();

        assertNotEquals("rpa_list_workflows", toolName);
        assertTrue(toolName.matches("^[A-Za-z0-9_-]{1,64}$"), toolName);
    }

    @Test
    void anUpsertWithNothingToChangeAnswersTheWorkflowUnchanged() {
        JsonNode created = workflowOf(upsert("u-noop", "{\"project_id\": \"noop-1\", \"name\": \"Still\"}"));

        Answer answer = upsert("u-noop", "{\"project_id\": \"noop-1\"}");

        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals("updated", answer.json().get("data").get("action").asString());
        assertEquals(created, workflowOf(answer));
    }

    @Test
    void textFieldsAreTrimmedExceptTheDescription() {
        JsonNode workflow = workflowOf(upsert("u-trim", """
                {"project_id": "  trim-1 ", "name": "  Padded  ", "english_name": " padded ", "version": " 2.0 ",
                 "description": "  as sent  "}"""));

        assertAll(
                () -> assertEquals("trim-1", workflow.get("project_id").asString()),
                () -> assertEquals("Padded", workflow.get("name").asString()),
                () -> assertEquals("padded", workflow.get("english_name").asString()),
                () -> assertEquals("2.0", workflow.get("version").asString()),
                () -> assertEquals("  as sent  ", workflow.get("description").asString()));
    }

    @Test
    void projectIdsCompareIgnoringCase() {
        upsert("u-case", "{\"project_id\": \"Case-1\", \"name\": \"First\"}");

        Answer again = upsert("u-case", "{\"project_id\": \"CASE-1\", \"name\": \"Second\"}");

        assertEquals(200, again.status(), again.raw().body());
        assertEquals("Second", workflowOf(api.get("/workflows/case-1", as("u-case"))).get("name").asString());
        assertProblem(upsert("u-case-other", "{\"project_id\": \"case-1\", \"name\": \"Mine?\"}"), 409, "conflict");
    }

    @Test
    void gettingAWorkflowAnswersIt() {
        JsonNode created = workflowOf(upsert("u-get", "{\"project_id\": \"get-1\", \"name\": \"Fetch me\"}"));

        Answer answer = api.get("/workflows/get-1", as("u-get"));

        assertEquals(200, answer.status());
        assertEquals("0000", answer.json().get("code").asString());
        assertEquals(created, workflowOf(answer));
    }

    @Test
    void anAbsentWorkflowIsNotFound() {
        assertProblem(api.get("/workflows/never-created", as("u-get")), 404, "not_found");
    }

    @Test
    void theListIsNewestFirstWithTheTrueTotalAndPaging() throws InterruptedException {
        for (int i = 1; i <= 5; i++) {
            upsert("u-list", "{\"project_id\": \"list-" + i + "\", \"name\": \"Item " + i + "\"}");
            nextMillisecond();
        }

        Answer first = api.get("/workflows?pageNo=1&pageSize=2", as("u-list"));
        Answer second = api.get("/workflows?pageNo=2&pageSize=2", as("u-list"));
        Answer third = api.get("/workflows?pageNo=3&pageSize=2", as("u-list"));

        JsonNode page = first.json().get("data");
        assertAll(
                () -> assertEquals(5, page.get("total").intValue()),
                () -> assertEquals(1, page.get("pageNo").intValue()),
                () -> assertEquals(2, page.get("pageSize").intValue()),
                () -> assertEquals(List.of("list-5", "list-4"), projectIds(first)),
                () -> assertEquals(List.of("list-3", "list-2"), projectIds(second)),
                () -> assertEquals(2, second.json().get("data").get("pageNo").intValue()),
                () -> assertEquals(List.of("list-1"), projectIds(third)),
                () -> assertEquals(5, third.json().get("data").get("total").intValue()));
    }

    @Test
    void theListDefaultsToTheFirstPageOfTwenty() {
        upsert("u-default-page", "{\"project_id\": \"default-page-1\", \"name\": \"Only\"}");

        JsonNode page = api.get("/workflows", as("u-default-page")).json().get("data");

        assertEquals(1, page.get("pageNo").intValue());
        assertEquals(20, page.get("pageSize").intValue());
        assertEquals(1, page.get("total").intValue());
    }

    @Test
    void theListFiltersByStatus() {
        upsert("u-status", "{\"project_id\": \"status-on\", \"name\": \"On\", \"status\": 1}");
        upsert("u-status", "{\"project_id\": \"status-off\", \"name\": \"Off\", \"status\": 0}");

        Answer inactive = api.get("/workflows?status=0", as("u-status"));
        Answer active = api.get("/workflows?status=1", as("u-status"));

        assertEquals(List.of("status-off"), projectIds(inactive));
        assertEquals(1, inactive.json().get("data").get("total").intValue());
        assertEquals(List.of("status-on"), projectIds(active));
    }

    @Test
    void theListFiltersByASubstringOfNameOrEnglishNameIgnoringCase() throws InterruptedException {
        upsert("u-query", "{\"project_id\": \"query-1\", \"name\": \"Monthly Invoices\"}");
        nextMillisecond();
        upsert("u-query", "{\"project_id\": \"query-2\", \"name\": \"Rechnungen\", \"english_name\": \"invoice_de\"}");
        nextMillisecond();
        upsert("u-query", "{\"project_id\": \"query-3\", \"name\": \"Payroll\"}");

        Answer answer = api.get("/workflows?q=INVOICE", as("u-query"));

        assertEquals(List.of("query-2", "query-1"), projectIds(answer));
        assertEquals(2, answer.json().get("data").get("total").intValue());
    }

    @Test
    void aDeletedWorkflowIsNotFoundAfterwards() {
        upsert("u-delete", "{\"project_id\": \"delete-1\", \"name\": \"Doomed\"}");

        Answer deleted = api.delete("/workflows/delete-1", as("u-delete"));

        assertEquals(200, deleted.status(), deleted.raw().body());
        assertEquals("0000", deleted.json().get("code").asString());
        assertTrue(deleted.json().get("data").isNull());
        assertProblem(api.get("/workflows/delete-1", as("u-delete")), 404, "not_found");
        assertProblem(api.delete("/workflows/delete-1", as("u-delete")), 404, "not_found");
    }

    @Test
    void anotherUsersWorkflowIsNotFound() {
        upsert("u-owner", "{\"project_id\": \"owned-get\", \"name\": \"Mine\"}");

        String foreign = assertProblem(api.get("/workflows/owned-get", as("u-intruder")), 404, "not_found")
                .get("msg").asString();
        String absent = assertProblem(api.get("/workflows/owned-absent", as("u-intruder")), 404, "not_found")
                .get("msg").asString();

        assertEquals(absent.replace("owned-absent", "owned-get"), foreign, "a foreign workflow must look absent");
    }

    @Test
    void upsertingAnotherUsersProjectIdIsAConflictAndChangesNothing() {
        JsonNode original = workflowOf(upsert("u-owner", "{\"project_id\": \"owned-upsert\", \"name\": \"Mine\"}"));

        assertProblem(upsert("u-intruder", "{\"project_id\": \"owned-upsert\", \"name\": \"Stolen\"}"), 409, "conflict");

        assertEquals(original, workflowOf(api.get("/workflows/owned-upsert", as("u-owner"))));
    }

    @Test
    void deletingAnotherUsersWorkflowIsNotFoundAndKeepsIt() {
        upsert("u-owner", "{\"project_id\": \"owned-delete\", \"name\": \"Mine\"}");

        assertProblem(api.delete("/workflows/owned-delete", as("u-intruder")), 404, "not_found");

        assertEquals(200, api.get("/workflows/owned-delete", as("u-owner")).status());
    }

    @Test
    void listsNeverShowAnotherUsersWorkflows() {
        upsert("u-lister-a", "{\"project_id\": \"lister-a\", \"name\": \"Shared words\"}");
        upsert("u-lister-b", "{\"project_id\": \"lister-b\", \"name\": \"Shared words\"}");

        Answer answer = api.get("/workflows?q=shared", as("u-lister-a"));

        assertEquals(List.of("lister-a"), projectIds(answer));
        assertEquals(1, answer.json().get("data").get("total").intValue());
    }
}
