package org.astronrpa.openapi.adapters.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.application.memory.InMemoryWorkflowRepository;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

class WorkflowToolsTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryWorkflowRepository repository = new InMemoryWorkflowRepository();
    private final WorkflowTools tools = new WorkflowTools(new ListWorkflows(repository,
            new org.astronrpa.openapi.domain.shared.Cursors(new byte[32], () -> NOW)), new GetWorkflow(repository),
            new Json());

    private Workflow save(UserId owner, String projectId, String englishName, WorkflowStatus status, String schema) {
        WorkflowChanges fields = new WorkflowChanges("发票录入", englishName, null, null, status,
                schema == null ? null : new ParametersSchema(schema));
        Workflow workflow = Workflow.create(new ProjectId(projectId), owner, fields,
                key -> repository.isToolNameTaken(owner, key, new ProjectId(projectId)), NOW);
        repository.insert(workflow);
        return workflow;
    }

    @Test
    void aUserSeesOnlyTheirActiveWorkflowsSortedByToolName() {
        save(ALICE, "p-b", "Beta", WorkflowStatus.ACTIVE, null);
        save(ALICE, "p-a", "Alpha", WorkflowStatus.ACTIVE, null);
        save(ALICE, "p-off", "Off", WorkflowStatus.INACTIVE, null);
        save(BOB, "p-bob", "Bobs", WorkflowStatus.ACTIVE, null);

        assertEquals(List.of("Alpha", "Beta"), tools.list(full(ALICE)).stream().map(McpSchema.Tool::name).toList());
    }

    @Test
    void aWorkflowStoredWithAFixedToolsNameBeforeItWasReservedIsNotListedAsATool() {
        save(ALICE, "p-a", "Alpha", WorkflowStatus.ACTIVE, null);
        repository.insert(new Workflow(new ProjectId("p-old"), ALICE, "Old", "astron_workflow_get", null, "1.0.0",
                WorkflowStatus.ACTIVE, null, new org.astronrpa.openapi.domain.workflow.ToolName("astron_workflow_get"),
                1, NOW, NOW));

        assertEquals(List.of("Alpha"), tools.list(full(ALICE)).stream().map(McpSchema.Tool::name).toList());
    }

    @Test
    void aSchemaWithoutTypeIsAnObjectAndOneWithATypeIsKeptAsItIs() {
        save(ALICE, "p-1", "Untyped", WorkflowStatus.ACTIVE, "{\"required\": [\"amount\"]}");
        save(ALICE, "p-2", "Typed", WorkflowStatus.ACTIVE, "{\"type\": \"object\", \"properties\": {}}");

        Map<String, McpSchema.Tool> byName = tools.list(full(ALICE)).stream()
                .collect(java.util.stream.Collectors.toMap(McpSchema.Tool::name, t -> t));

        assertEquals(Map.of("required", List.of("amount"), "type", "object"), byName.get("Untyped").inputSchema());
        assertEquals(Map.of("type", "object", "properties", Map.of()), byName.get("Typed").inputSchema());
        assertEquals("发票录入", byName.get("Typed").title());
    }

    @Test
    void resolvingReadsTheWorkflowAgainSoThatARenameOrAnotherOwnerIsNeverTakenFromTheDirectory() {
        Workflow workflow = save(ALICE, "p-1", "Old name", WorkflowStatus.ACTIVE, null);
        save(BOB, "p-bob", "Bobs", WorkflowStatus.ACTIVE, null);
        tools.list(full(ALICE));
        repository.update(workflow.apply(new WorkflowChanges(null, "New name", null, null, null, null),
                key -> false, NOW));

        assertTrue(tools.resolve(ALICE, "Old_name").isEmpty(), "the directory's entry is checked against the store");
        assertEquals("p-1", tools.resolve(ALICE, "New_name").orElseThrow().projectId().value());
        assertTrue(tools.resolve(ALICE, "Bobs").isEmpty(), "another user's tool name is no tool of alice");
        assertTrue(tools.resolve(BOB, "Bobs").isPresent());
    }

    private static org.astronrpa.openapi.application.auth.Caller full(org.astronrpa.openapi.domain.shared.UserId user) {
        return new org.astronrpa.openapi.application.auth.Caller(user,
                org.astronrpa.openapi.application.auth.Caller.Method.GATEWAY, null);
    }

    @Test
    void aKeyLimitedToSomeWorkflowsListsAndResolvesOnlyThose() {
        save(ALICE, "p-a", "Alpha", WorkflowStatus.ACTIVE, null);
        save(ALICE, "P-B", "Beta", WorkflowStatus.ACTIVE, null);
        save(ALICE, "p-c", "Gamma", WorkflowStatus.ACTIVE, null);
        var limited = new org.astronrpa.openapi.application.auth.Caller(ALICE,
                org.astronrpa.openapi.application.auth.Caller.Method.API_KEY, "k-1", null, null,
                org.astronrpa.openapi.domain.apikey.KeyGrant.checked(List.of("executions:run", "mcp"),
                        List.of("p-a", "p-b"), null, null, null), null);
        assertEquals(List.of("Alpha", "Beta"), tools.list(limited).stream().map(McpSchema.Tool::name).toList());
        assertTrue(tools.resolve(limited, "Beta").isPresent(), "ids compare case-insensitively");
        assertTrue(tools.resolve(limited, "Gamma").isEmpty(), "outside the allow-list: no tool of this key");
        assertTrue(tools.resolve(full(ALICE), "Gamma").isPresent());
    }

    @Test
    void aListHoldsAtMostTenThousandWorkflowTools() {
        int count = WorkflowTools.MAX_PAGES * 100 + 50;
        for (int i = 0; i < count; i++) {
            WorkflowChanges fields = new WorkflowChanges("wf " + i, "Tool " + i, null, null, WorkflowStatus.ACTIVE, null);
            repository.insert(Workflow.create(new ProjectId("p-" + i), ALICE, fields, key -> false, NOW.plusSeconds(i)));
        }
        List<McpSchema.Tool> listed = tools.list(full(ALICE));
        assertEquals(10_000, listed.size());
        assertTrue(listed.stream().anyMatch(t -> t.name().equals("Tool_" + (count - 1))), "the newest are listed");
        assertTrue(listed.stream().noneMatch(t -> t.name().equals("Tool_0")), "the oldest beyond the cap are not");
    }
}
