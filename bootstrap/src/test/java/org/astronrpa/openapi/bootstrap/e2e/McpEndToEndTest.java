package org.astronrpa.openapi.bootstrap.e2e;

import static org.astronrpa.openapi.bootstrap.e2e.McpFixture.call;
import static org.astronrpa.openapi.bootstrap.e2e.McpFixture.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.astronrpa.openapi.simulator.Behaviour;
import org.astronrpa.openapi.simulator.SimulatedRobot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * MCP end to end (API.md §6): the wired service on a real port, MCP Java SDK clients over Streamable HTTP, and
 * simulated desktop robots. Every test has users of its own; {@code MCP_WAIT_SECONDS} is 2 so that long runs
 * are quick to provoke.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpEndToEndTest {
    private static final Pattern TOOL_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Set<String> CONTROL_TOOLS = Set.of("rpa_list_workflows", "rpa_get_workflow",
            "rpa_start_execution", "rpa_get_execution", "rpa_cancel_execution", "rpa_list_executions",
            "rpa_list_schedules");
    /** The integration contract's fixed tools, listed first. */
    private static final List<String> CONTRACT_TOOLS = List.of("astron_integration_get", "astron_workflow_list",
            "astron_workflow_get", "astron_workflow_execute", "astron_execution_get", "astron_execution_cancel");
    private static final String AMOUNT_SCHEMA = """
            {"type": "object", "properties": {"amount": {"type": "number"}, "customer": {"type": "string"}},
             "required": ["amount"]}""";

    @TempDir
    static Path dir;
    private static McpFixture service;

    @BeforeAll
    static void start() {
        service = new McpFixture(dir, Map.of("MCP_WAIT_SECONDS", "2", "DISPATCH_TIMEOUT_SECONDS", "30"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String projectId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A workflow of {@code user} with the amount schema; returns its tool name. */
    private static String amountWorkflow(String user, String projectId, String englishName) {
        return service.upsert(user, """
                {"project_id": "%s", "name": "发票录入", "english_name": "%s", "parameters": %s}"""
                .formatted(projectId, englishName, AMOUNT_SCHEMA)).get("tool_name").asString();
    }


    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
    }

    // ------------------------------------------------------------------ tools/list

    @Test
    void theListShowsExactlyTheCallersActiveWorkflowsAndTheControlToolsUnderValidUniqueNames() {
        String alice = McpFixture.newUser();
        String bob = McpFixture.newUser();
        Set<String> expected = new HashSet<>(CONTROL_TOOLS);
        expected.addAll(CONTRACT_TOOLS);
        String chinese = service.upsert(alice, "{\"project_id\": \"%s\", \"name\": \"发票录入\"}"
                .formatted(projectId("cn"))).get("tool_name").asString();
        String sameChinese = service.upsert(alice, "{\"project_id\": \"%s\", \"name\": \"发票录入\"}"
                .formatted(projectId("cn2"))).get("tool_name").asString();
        String english = amountWorkflow(alice, projectId("en"), "Invoice entry");
        String reserved = service.upsert(alice, "{\"project_id\": \"%s\", \"name\": \"rpa_list_workflows\"}"
                .formatted(projectId("rsv"))).get("tool_name").asString();
        String fixed = service.upsert(alice, "{\"project_id\": \"%s\", \"name\": \"astron_execution_get\"}"
                .formatted(projectId("fix"))).get("tool_name").asString();
        expected.addAll(List.of(chinese, sameChinese, english, reserved, fixed));
        String inactive = service.upsert(alice, "{\"project_id\": \"%s\", \"name\": \"Old robot\", \"status\": 0}"
                .formatted(projectId("off"))).get("tool_name").asString();
        String bobs = service.upsert(bob, "{\"project_id\": \"%s\", \"name\": \"Payroll\"}"
                .formatted(projectId("bob"))).get("tool_name").asString();

        List<McpSchema.Tool> tools = service.client(service.key(alice)).listTools().tools();

        List<String> names = tools.stream().map(McpSchema.Tool::name).toList();
        assertEquals(expected, new HashSet<>(names), names.toString());
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate names: " + names);
        assertFalse(names.contains(inactive));
        assertFalse(names.contains(bobs));
        names.forEach(name -> assertTrue(TOOL_NAME.matcher(name).matches(), name));
        assertTrue(chinese.startsWith("workflow_"), chinese);
        assertNotEquals(chinese, sameChinese);
        assertNotEquals("rpa_list_workflows", reserved);
        assertNotEquals("astron_execution_get", fixed, "a fixed name of the integration contract is reserved too");
        assertEquals(CONTRACT_TOOLS, names.subList(0, CONTRACT_TOOLS.size()), "the contract's tools come first");

        McpSchema.Tool invoice = tools.stream().filter(t -> t.name().equals(english)).findFirst().orElseThrow();
        assertEquals("Invoice_entry", english);
        assertEquals("发票录入", invoice.title());
        assertEquals(E2eHttp.JSON.readTree(AMOUNT_SCHEMA), E2eHttp.JSON.valueToTree(invoice.inputSchema()));
        assertTrue(invoice.outputSchema().toString().contains("execution_id"), invoice.outputSchema().toString());
        McpSchema.Tool untyped = tools.stream().filter(t -> t.name().equals(chinese)).findFirst().orElseThrow();
        assertEquals("object", untyped.inputSchema().get("type"), "a workflow without parameters takes an object");
        for (McpSchema.Tool tool : tools) {
            assertNotNull(tool.outputSchema(), tool.name() + " has no output schema");
            assertEquals("object", tool.inputSchema().get("type"), tool.name());
            assertNotNull(tool.description(), tool.name());
        }
    }

    @Test
    void aKeySeesAndCallsOnlyTheToolsOfItsScopesAndAKeyWithoutMcpIsRefused() throws Exception {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("scoped"), "Scoped run");
        McpSyncClient reader = service.client(service.key(user, "[\"mcp\", \"executions:read\"]"));
        assertEquals(Set.of("astron_execution_get", "rpa_get_execution", "rpa_list_executions"), reader.listTools()
                .tools().stream()
                .map(McpSchema.Tool::name).collect(Collectors.toSet()), "no workflow tools without executions:run");
        for (String refused : List.of(tool, "rpa_start_execution", "rpa_list_schedules")) {
            McpError error = assertThrows(McpError.class, () -> call(reader, refused, Map.of("amount", 1)));
            assertTrue(error.getMessage().contains("lacks the scope"), error.getMessage());
        }
        assertEquals(0, service.executions(user).get("total").asInt(), "nothing started");
        McpSyncClient runner = service.client(service.key(user, "[\"mcp\", \"executions:run\"]"));
        assertEquals(Set.of(tool, "rpa_start_execution", "astron_workflow_execute"), runner.listTools().tools().stream()
                .map(McpSchema.Tool::name).collect(Collectors.toSet()));
        assertEquals("PENDING", structured(call(runner, tool, Map.of("amount", 2))).get("status"));

        String noMcp = service.key(user, "[\"executions:run\", \"executions:read\"]");
        var refused = service.post("/mcp", McpFixture.initializeRequest(), "Authorization", "Bearer " + noMcp);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("mcp", E2eHttp.JSON.readTree(refused.body()).at("/error/required_scope").asString());
    }

    @Test
    void aKeyLimitedToSomeWorkflowsListsAndCallsOnlyThose() {
        String user = McpFixture.newUser();
        String allowedId = projectId("allowed");
        String hiddenId = projectId("hidden");
        String allowed = amountWorkflow(user, allowedId, "Allowed run");
        String hidden = amountWorkflow(user, hiddenId, "Hidden run");
        McpSyncClient agent = service.client(service.key(user, """
                ["mcp", "workflows:read", "executions:run", "executions:read"], "workflow_ids": ["%s"]"""
                .formatted(allowedId.toUpperCase(java.util.Locale.ROOT))));
        Set<String> names = agent.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
        assertTrue(names.contains(allowed), names.toString());
        assertFalse(names.contains(hidden), names.toString());

        McpError unknown = assertThrows(McpError.class, () -> call(agent, hidden, Map.of("amount", 1)));
        assertTrue(unknown.getMessage().contains("Unknown tool"), unknown.getMessage());
        for (String control : List.of("rpa_get_workflow", "rpa_start_execution")) {
            McpSchema.CallToolResult refused = call(agent, control, Map.of("project_id", hiddenId));
            assertTrue(refused.isError(), control + ": " + text(refused));
            assertTrue(text(refused).contains("not found"), control + ": " + text(refused));
        }
        Map<String, Object> listed = structured(call(agent, "rpa_list_workflows", Map.of()));
        assertEquals(1, ((Number) listed.get("total")).intValue(), listed.toString());
        assertEquals(0, service.executions(user).get("total").asInt(), "nothing of the hidden workflow started");
        assertEquals("PENDING", structured(call(agent, allowed, Map.of("amount", 3))).get("status"));
    }

    @Test
    void aWorkflowWhoseNameStartsWithTheReservedPrefixIsCalledAsAWorkflow() {
        String user = McpFixture.newUser();
        String tool = service.upsert(user, "{\"project_id\": \"%s\", \"name\": \"rpa_start_execution\"}"
                .formatted(projectId("rsv"))).get("tool_name").asString();
        assertTrue(tool.startsWith("rpa_start_execution_"), tool);

        McpSchema.CallToolResult result = call(service.client(service.key(user)), tool, Map.of());

        assertEquals("PENDING", structured(result).get("status"), "no robot: the run waits for one");
        assertEquals(1, service.executions(user).get("total").asInt());
    }

    @Test
    void anApiKeyWorksInTheQueryAsBearerOrAsXApiKey() {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("keys"), "Key check");
        String key = service.key(user);
        for (McpFixture.KeyPlacement placement : McpFixture.KeyPlacement.values()) {
            List<String> names = service.client(key, placement, spec -> spec).listTools().tools().stream()
                    .map(McpSchema.Tool::name).toList();
            assertTrue(names.contains(tool), placement + ": " + names);
        }
    }

    @Test
    void workflowChangesShowInTheNextListAndAreAnnouncedToTheSession() throws Exception {
        String user = McpFixture.newUser();
        String firstId = projectId("first");
        amountWorkflow(user, firstId, "First one");
        BlockingQueue<List<String>> announced = new LinkedBlockingQueue<>();
        McpSyncClient client = service.client(service.key(user), McpFixture.KeyPlacement.BEARER,
                spec -> spec.toolsChangeConsumer(tools -> announced.add(tools.stream().map(McpSchema.Tool::name).toList())));
        assertFalse(client.listTools().tools().stream().anyMatch(t -> t.name().equals("Second_one")));
        // notices travel on the session's listening stream, which the client opens on its own after initialize:
        // change the first workflow until one arrives, so that the change below finds the stream open
        List<String> first = null;
        for (int attempt = 0; attempt < 20 && first == null; attempt++) {
            amountWorkflow(user, firstId, "First one");
            first = announced.poll(500, TimeUnit.MILLISECONDS);
        }
        assertNotNull(first, "no notifications/tools/list_changed reached the session within 10 s of changes");
        announced.clear();

        String second = projectId("second");
        amountWorkflow(user, second, "Second one");

        List<String> pushed = announced.poll(10, TimeUnit.SECONDS);
        assertNotNull(pushed, "no notifications/tools/list_changed reached the session");
        assertTrue(pushed.contains("Second_one"), pushed.toString());
        service.upsert(user, "{\"project_id\": \"%s\", \"status\": 0}".formatted(second));
        assertFalse(client.listTools().tools().stream().anyMatch(t -> t.name().equals("Second_one")),
                "a deactivated workflow is no tool any more");
    }

    // ------------------------------------------------------------------ workflow tool calls

    @Test
    void aWorkflowToolCallRunsOnASimulatedRobotAndReturnsStructuredContentAndTheSameJsonAsText() throws Exception {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("run"), "Run me");
        service.robot(user, Behaviour.echo(20));
        McpSyncClient client = service.client(service.key(user));

        McpSchema.CallToolResult result = call(client, tool, Map.of("amount", 12.5, "customer", "张三"));

        assertNotEquals(Boolean.TRUE, result.isError(), text(result));
        Map<String, Object> content = structured(result);
        assertEquals("COMPLETED", content.get("status"), content.toString());
        JsonNode echoed = E2eHttp.JSON.valueToTree(content.get("result")).get("echo");
        assertEquals(E2eHttp.JSON.readTree("{\"amount\": 12.5, \"customer\": \"张三\"}"), echoed);
        assertEquals(E2eHttp.JSON.valueToTree(content), E2eHttp.JSON.readTree(text(result)), "text = structured JSON");
        String id = (String) content.get("execution_id");
        assertEquals("COMPLETED", service.rest().execution(user, id, 0).get("status").asString());
    }

    @Test
    void argumentsThatBreakTheSchemaAreAnErrorNamingTheFieldAndStartNothing() {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("schema"), "Strict one");
        McpSyncClient client = service.client(service.key(user));

        McpSchema.CallToolResult wrongType = call(client, tool, Map.of("amount", "lots"));
        McpSchema.CallToolResult missing = call(client, tool, Map.of("customer", "张三"));

        assertEquals(Boolean.TRUE, wrongType.isError());
        assertTrue(text(wrongType).contains("amount"), text(wrongType));
        assertFalse(text(wrongType).contains("params."), "a workflow tool's arguments are named as sent: " + text(wrongType));
        assertEquals(Boolean.TRUE, missing.isError());
        assertTrue(text(missing).contains("amount"), text(missing));
        assertEquals(0, service.executions(user).get("total").asInt(), "no execution for refused arguments");
    }

    @Test
    void anotherUsersToolNameOrAnUnknownOneIsAnErrorAndCreatesNoExecution() {
        String alice = McpFixture.newUser();
        String bob = McpFixture.newUser();
        String bobsTool = amountWorkflow(bob, projectId("bob"), "Payroll " + UUID.randomUUID().toString().substring(0, 6));
        String inactive = projectId("off");
        String alicesInactiveTool = amountWorkflow(alice, inactive, "Switched off");
        McpSyncClient client = service.client(service.key(alice));
        client.listTools();
        service.upsert(alice, "{\"project_id\": \"%s\", \"status\": 0}".formatted(inactive));

        for (String name : List.of(bobsTool, alicesInactiveTool, "no_such_tool", "rpa_no_such_tool")) {
            McpError error = assertThrows(McpError.class, () -> call(client, name, Map.of("amount", 1)));
            assertTrue(error.getMessage().contains("Unknown tool"), error.getMessage());
        }
        assertEquals(0, service.executions(alice).get("total").asInt());
        assertEquals(0, service.executions(bob).get("total").asInt(), "bob's workflow did not run");
    }

    @Test
    void aFailedExecutionIsAnErrorResultCarryingTheRobotsError() throws Exception {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("fail"), "Fails");
        service.robot(user, Behaviour.errorCode("5001", "the invoice system is down"));

        McpSchema.CallToolResult result = call(service.client(service.key(user)), tool, Map.of("amount", 1));

        assertEquals(Boolean.TRUE, result.isError());
        Map<String, Object> content = structured(result);
        assertEquals("FAILED", content.get("status"));
        assertEquals("ROBOT_ERROR", content.get("error_code"));
        assertTrue(String.valueOf(content.get("error")).contains("the invoice system is down"), content.toString());
        McpSchema.CallToolResult read = call(service.client(service.key(user)), "rpa_get_execution",
                Map.of("execution_id", content.get("execution_id")));
        assertNotEquals(Boolean.TRUE, read.isError(), "reading a failed execution is no failed tool call");
        assertEquals("FAILED", structured(read).get("status"));
    }

    @Test
    void aLongRunAnswersRunningWithItsIdAndRpaGetExecutionLaterReturnsTheResult() throws Exception {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("long"), "Long one");
        service.robot(user, Behaviour.echo(4_000));
        McpSyncClient client = service.client(service.key(user));

        long begin = System.nanoTime();
        McpSchema.CallToolResult running = call(client, tool, Map.of("amount", 3));
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertNotEquals(Boolean.TRUE, running.isError(), text(running));
        Map<String, Object> content = structured(running);
        assertEquals("RUNNING", content.get("status"), content.toString());
        assertTrue(seconds >= 1.8 && seconds < 3.9, "answered after the 2 s wait, took " + seconds);
        String id = (String) content.get("execution_id");
        String hint = "call rpa_get_execution with {\"execution_id\": \"" + id + "\", \"wait_seconds\": 60}";
        assertTrue(String.valueOf(content.get("hint")).contains(hint), "the agent is told what to call: " + content);
        assertTrue(text(running).contains(hint.replace("\"", "\\\"")), "also in the text a client without "
                + "structured content reads: " + text(running));

        McpSchema.CallToolResult later = call(client, "rpa_get_execution", Map.of("execution_id", id, "wait_seconds", 10));
        Map<String, Object> finished = structured(later);
        assertEquals("COMPLETED", finished.get("status"), finished.toString());
        assertEquals(id, finished.get("execution_id"));
        assertEquals(3, E2eHttp.JSON.valueToTree(finished.get("result")).at("/echo/amount").asInt());
    }

    @Test
    void progressNotificationsCarryTheExecutionIdWhileTheCallWaits() throws Exception {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("progress"), "Reports progress");
        service.robot(user, Behaviour.echo(1_000));
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = service.client(service.key(user), McpFixture.KeyPlacement.HEADER,
                spec -> spec.progressConsumer(progress::add));

        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(tool)
                .arguments(Map.of("amount", 1)).progressToken("token-1").build());

        String id = (String) structured(result).get("execution_id");
        assertEquals("COMPLETED", structured(result).get("status"));
        assertFalse(progress.isEmpty(), "no progress notification");
        assertEquals("token-1", progress.getFirst().progressToken());
        assertTrue(progress.getFirst().message().contains(id), progress.getFirst().message());
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameExecutionAndABadKeyIsNamed() throws Exception {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("idem"), "Once only");
        service.robot(user, Behaviour.echo(10));
        McpSyncClient client = service.client(service.key(user));
        McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder(tool)
                .arguments(Map.of("amount", 7)).meta(Map.of("idempotency_key", "order-7")).build();

        Object first = structured(client.callTool(request)).get("execution_id");
        Object again = structured(client.callTool(request)).get("execution_id");
        McpSchema.CallToolResult badKey = client.callTool(McpSchema.CallToolRequest.builder(tool)
                .arguments(Map.of("amount", 7)).meta(Map.of("idempotency_key", 42)).build());

        assertEquals(first, again);
        assertEquals(1, service.executions(user).get("total").asInt());
        assertEquals(Boolean.TRUE, badKey.isError());
        assertTrue(text(badKey).contains("_meta.idempotency_key"), text(badKey));
    }

    @Test
    void aClientGivingUpOnItsCallDoesNotCancelTheExecution() throws Exception {
        String user = McpFixture.newUser();
        String tool = amountWorkflow(user, projectId("giveup"), "Outlives its caller");
        service.robot(user, Behaviour.echo(2_500));
        McpSyncClient impatient = service.client(service.key(user), McpFixture.KeyPlacement.QUERY,
                spec -> spec.requestTimeout(Duration.ofMillis(700)));

        assertThrows(RuntimeException.class, () -> call(impatient, tool, Map.of("amount", 5)));

        JsonNode records = service.executions(user).get("records");
        assertEquals(1, records.size(), records.toString());
        JsonNode ended = service.rest().execution(user, records.get(0).get("id").asString(), 10);
        assertEquals("COMPLETED", ended.get("status").asString(), ended.toString());
    }

    // ------------------------------------------------------------------ control tools

    @Test
    void aScheduleIsListedWithItsComingFireTimesAndTheToolIsReadOnly() throws Exception {
        String user = McpFixture.newUser();
        String project = projectId("sch");
        amountWorkflow(user, project, "Scheduled");
        var created = service.post("/schedules", "{\"project_id\":\"" + project + "\",\"params\":{\"amount\":1},"
                + "\"cron\":\"30 6 * * *\",\"timezone\":\"Europe/Paris\"}", "X-User-Id", user);
        assertEquals(201, created.statusCode(), created.body());
        McpSyncClient client = service.client(service.key(user));
        McpSchema.Tool tool = client.listTools().tools().stream().filter(t -> t.name().equals("rpa_list_schedules"))
                .findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, tool.annotations().readOnlyHint());

        Map<String, Object> listed = structured(call(client, "rpa_list_schedules", Map.of("next", 2)));
        assertEquals(1, ((Number) listed.get("total")).intValue(), listed.toString());
        Map<?, ?> schedule = (Map<?, ?>) ((List<?>) listed.get("schedules")).get(0);
        assertEquals(project, schedule.get("project_id"));
        assertEquals("Europe/Paris", schedule.get("timezone"));
        List<?> coming = (List<?>) schedule.get("next_fire_times");
        assertEquals(2, coming.size());
        assertTrue(((Map<?, ?>) coming.get(0)).get("local").toString().contains("T06:30"), coming.toString());
        assertTrue(text(call(client, "rpa_list_schedules", Map.of("next", 11))).contains("next"));
        assertEquals(0, ((Number) structured(call(service.client(service.key(McpFixture.newUser())),
                "rpa_list_schedules", Map.of())).get("total")).intValue(), "another user's schedules are not listed");
    }

    @Test
    void controlToolsListAndReadWorkflowsAndStartReadAndListExecutions() throws Exception {
        String user = McpFixture.newUser();
        String project = projectId("ctl");
        amountWorkflow(user, project, "Controlled");
        service.robot(user, Behaviour.echo(10));
        McpSyncClient client = service.client(service.key(user));

        long numericProject = System.nanoTime() % 1_000_000_000_000L;
        service.upsert(user, "{\"project_id\": %d, \"name\": \"Numbered\"}".formatted(numericProject));

        Map<String, Object> listed = structured(call(client, "rpa_list_workflows", Map.of("q", "Controlled")));
        Map<String, Object> read = structured(call(client, "rpa_get_workflow", Map.of("project_id", project)));
        Map<String, Object> numbered = structured(call(client, "rpa_get_workflow", Map.of("project_id", numericProject)));
        Map<String, Object> started = structured(call(client, "rpa_start_execution",
                Map.of("project_id", project, "params", Map.of("amount", 2), "idempotency_key", "ctl-1")));
        Map<String, Object> ended = structured(call(client, "rpa_get_execution",
                Map.of("execution_id", started.get("execution_id"), "wait_seconds", 10)));
        Map<String, Object> executions = structured(call(client, "rpa_list_executions", Map.of("project_id", project)));

        assertEquals(1, ((Number) listed.get("total")).intValue(), listed.toString());
        assertEquals("Numbered", ((Map<?, ?>) numbered.get("workflow")).get("name"), "an integer project_id is taken");
        assertEquals(E2eHttp.JSON.readTree(AMOUNT_SCHEMA),
                E2eHttp.JSON.valueToTree(read.get("workflow")).get("parameters"));
        assertEquals("COMPLETED", ended.get("status"), ended.toString());
        assertEquals(1, ((Number) executions.get("total")).intValue(), executions.toString());
        assertEquals(null, executions.get("next_cursor"), "one execution: the last page");

        // a target no robot of the caller has is refused naming it; the unnamed robot cannot meet a targeted run
        McpSchema.CallToolResult untargetable = call(client, "rpa_start_execution",
                Map.of("project_id", project, "params", Map.of("amount", 2), "target", Map.of("robot_id", "nobody")));
        assertEquals(Boolean.TRUE, untargetable.isError());
        assertTrue(text(untargetable).contains("target.robot_id"), text(untargetable));
        McpSchema.CallToolResult malformed = call(client, "rpa_start_execution",
                Map.of("project_id", project, "target", Map.of("labels", Map.of("OS", "x"))));
        assertEquals(Boolean.TRUE, malformed.isError());
        assertTrue(text(malformed).contains("target.labels.OS"), text(malformed));
    }

    @Test
    void rpaListExecutionsPagesOnByTheCursorOfThePageBefore() throws Exception {
        String user = McpFixture.newUser();
        String project = projectId("cur");
        amountWorkflow(user, project, "Cursored");
        McpSyncClient client = service.client(service.key(user));
        Set<Object> started = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            started.add(structured(call(client, "rpa_start_execution",
                    Map.of("project_id", project, "params", Map.of("amount", i)))).get("execution_id"));
        }
        Map<String, Object> first = structured(call(client, "rpa_list_executions", Map.of("page_size", 2)));
        Map<String, Object> second = structured(call(client, "rpa_list_executions",
                Map.of("page_size", 2, "cursor", first.get("next_cursor"))));
        Set<Object> seen = new java.util.HashSet<>();
        for (Map<String, Object> page : List.of(first, second)) {
            ((List<?>) page.get("executions")).forEach(e -> seen.add(((Map<?, ?>) e).get("execution_id")));
            assertEquals(3, ((Number) page.get("total")).intValue(), page.toString());
        }
        assertEquals(started, seen);
        assertEquals(null, second.get("next_cursor"));
        assertTrue(text(call(client, "rpa_list_executions", Map.of("page_no", 2, "cursor", first.get("next_cursor"))))
                .contains("cursor"));
    }

    @Test
    void rpaCancelExecutionStopsARunningExecutionOnItsRobot() throws Exception {
        String user = McpFixture.newUser();
        String project = projectId("cancel");
        amountWorkflow(user, project, "Never ends");
        SimulatedRobot robot = service.robot(user, Behaviour.neverReply());
        McpSyncClient client = service.client(service.key(user));

        long begin = System.nanoTime();
        Map<String, Object> started = structured(call(client, "rpa_start_execution",
                Map.of("project_id", project, "params", Map.of("amount", 1))));
        assertTrue((System.nanoTime() - begin) / 1e9 < 1.5, "rpa_start_execution returns at once");
        String id = (String) started.get("execution_id");
        assertTrue(Set.of("PENDING", "RUNNING").contains((String) started.get("status")), started.toString());
        robot.awaitReceived(f -> "run".equals(f.key()) && id.equals(f.data().path("execution_id").asString(null)),
                Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("the robot got no run"));

        Map<String, Object> cancelled = structured(call(client, "rpa_cancel_execution", Map.of("execution_id", id)));
        McpSchema.CallToolResult again = call(client, "rpa_cancel_execution", Map.of("execution_id", id));

        assertEquals("CANCELLED", cancelled.get("status"), cancelled.toString());
        robot.awaitReceived(f -> "stop".equals(f.key()) && id.equals(f.data().path("execution_id").asString(null)),
                Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("the robot was not told to stop"));
        assertEquals("CANCELLED", service.rest().execution(user, id, 0).get("status").asString());
        assertEquals(Boolean.TRUE, again.isError());
        assertTrue(text(again).contains("already CANCELLED"), text(again));

        // the audit log names the key that started and cancelled it over MCP, once each (the refused cancel changed
        // nothing)
        JsonNode entries = service.rest().send(user, "GET", "/audit-events?resource=execution:" + id, null)
                .expect(200).json().at("/data/records");
        assertEquals(2, entries.size(), entries.toString());
        assertEquals("execution.cancelled", entries.get(0).get("action").asString());
        assertEquals("execution.started", entries.get(1).get("action").asString());
        for (JsonNode entry : entries) {
            assertEquals("api_key", entry.at("/actor/type").asString(), entry.toString());
            assertTrue(entry.at("/actor/key_prefix").asString().startsWith("rpa_"), entry.toString());
            assertEquals(project, entry.get("project_id").asString());
            assertFalse(entry.get("request_id").isNull(), "the MCP request's id");
        }
    }

    @Test
    void controlToolsRefuseBadArgumentsNamingEachOne() {
        String alice = McpFixture.newUser();
        String bob = McpFixture.newUser();
        String project = projectId("args");
        amountWorkflow(alice, project, "Argued");
        String bobsProject = projectId("bobs");
        amountWorkflow(bob, bobsProject, "Not yours");
        String bobsExecution = service.rest().start(bob, bobsProject, "{\"amount\": 1}", null, null).expect(202)
                .execution().get("id").asString();
        McpSyncClient client = service.client(service.key(alice));

        Map<String, Map<String, Object>> refused = Map.of(
                "execution_id: is required", Map.of(),
                "wait_seconds", Map.of("execution_id", "x", "wait_seconds", 61),
                "extra: is not an argument", Map.of("execution_id", "x", "extra", 1),
                "was not found", Map.of("execution_id", bobsExecution));
        refused.forEach((expected, arguments) -> {
            McpSchema.CallToolResult result = call(client, "rpa_get_execution", arguments);
            assertEquals(Boolean.TRUE, result.isError(), arguments + " -> " + text(result));
            assertTrue(text(result).contains(expected), arguments + " -> " + text(result));
        });
        Map<String, Map<String, Object>> badStarts = Map.of(
                "params: must be a JSON object", Map.of("project_id", project, "params", "amount=1"),
                "params.amount", Map.of("project_id", project, "params", Map.of("amount", "x")),
                "timeout_seconds", Map.of("project_id", project, "timeout_seconds", 0),
                "project_id: is required", Map.of("params", Map.of()),
                "was not found", Map.of("project_id", bobsProject, "params", Map.of("amount", 1)));
        badStarts.forEach((expected, arguments) -> {
            McpSchema.CallToolResult result = call(client, "rpa_start_execution", arguments);
            assertEquals(Boolean.TRUE, result.isError(), arguments + " -> " + text(result));
            assertTrue(text(result).contains(expected), arguments + " -> " + text(result));
        });
        assertTrue(text(call(client, "rpa_get_workflow", Map.of("project_id", bobsProject))).contains("was not found"));
        assertTrue(text(call(client, "rpa_list_executions", Map.of("status", "DONE"))).contains("status"));
        assertTrue(text(call(client, "rpa_list_executions", Map.of("cursor", "forged"))).contains("cursor"));
        assertTrue(text(call(client, "rpa_list_executions", Map.of("page_no", 101, "page_size", 100)))
                .contains("page_no"));
        assertTrue(text(call(client, "rpa_list_workflows", Map.of("page_size", 500))).contains("page_size"));
        assertTrue(text(call(client, "rpa_cancel_execution", Map.of("execution_id", 7))).contains("execution_id"));
        assertEquals(0, service.executions(alice).get("total").asInt(), "nothing started for alice");
        assertEquals("PENDING", service.rest().execution(bob, bobsExecution, 0).get("status").asString());
    }
}
