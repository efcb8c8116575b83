package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;

/** A user's active workflows as MCP tools: their definitions, and which workflow a called tool name runs. */
final class WorkflowTools {
    /** Pages read at most for one listing (100 workflows each). */
    static final int MAX_PAGES = 100;
    private static final WorkflowFilter ACTIVE = new WorkflowFilter(WorkflowStatus.ACTIVE, null);

    private final ListWorkflows listWorkflows;
    private final GetWorkflow getWorkflow;
    private final ToolDirectory directory = new ToolDirectory();
    private final Json json;
    private final Map<String, Object> outputSchema;

    WorkflowTools(ListWorkflows listWorkflows, GetWorkflow getWorkflow, Json json) {
        this.listWorkflows = listWorkflows;
        this.getWorkflow = getWorkflow;
        this.json = json;
        this.outputSchema = json.object(Schemas.EXECUTION);
    }

    /**
     * The tools of the caller's active workflows that its key sees, by name. A workflow stored with a tool name the
     * service reserved since (the integration contract's fixed names) is not listed as a tool: it would shadow, or be
     * shadowed by, the fixed tool; it stays reachable by its project id ({@code rpa_start_execution}, the contract's
     * {@code astron_workflow_execute}) and gets a name of its own when it is renamed.
     */
    List<McpSchema.Tool> list(Caller caller) {
        return active(caller.userId()).stream().filter(w -> caller.grant().sees(w.projectId()))
                .filter(w -> !isReserved(w.toolName().value())).map(this::tool)
                .sorted(Comparator.comparing(McpSchema.Tool::name)).toList();
    }

    private static boolean isReserved(String toolName) {
        return org.astronrpa.openapi.domain.workflow.ToolName.RESERVED_NAMES
                .contains(toolName.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@link #resolve(UserId, String)}, of a workflow the caller's key sees (another is no tool of the caller's). */
    Optional<Workflow> resolve(Caller caller, String toolName) {
        return resolve(caller.userId(), toolName).filter(w -> caller.grant().sees(w.projectId()));
    }

    /**
     * The active workflow of {@code user} whose tool is {@code toolName}, read now; empty when there is none (another
     * user's tool name included: ownership is checked on every call, whatever was listed before).
     */
    Optional<Workflow> resolve(UserId user, String toolName) {
        Optional<Workflow> known = directory.lookup(user, toolName).flatMap(id -> current(user, id, toolName));
        if (known.isPresent()) {
            return known;
        }
        active(user);
        return directory.lookup(user, toolName).flatMap(id -> current(user, id, toolName));
    }

    /** A changed workflow of {@code user}: the next call looks its tool names up again. */
    void forget(UserId user) {
        directory.forget(user);
    }

    private Optional<Workflow> current(UserId user, ProjectId id, String toolName) {
        try {
            return Optional.of(getWorkflow.get(Caller.asUser(user), id))
                    .filter(w -> w.isActive() && w.toolName().value().equals(toolName));
        } catch (WorkflowNotFound gone) {
            return Optional.empty();
        }
    }

    private List<Workflow> active(UserId user) {
        Map<ProjectId, Workflow> found = new LinkedHashMap<>();
        for (int pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
            // the user's whole directory: each caller's key narrows it (list, resolve)
            Page<Workflow> page = listWorkflows.list(Caller.asUser(user), ACTIVE,
                    new PageRequest(pageNo, PageRequest.MAX_PAGE_SIZE),
                    null).page();
            page.records().forEach(w -> found.putIfAbsent(w.projectId(), w));
            if (page.records().size() < PageRequest.MAX_PAGE_SIZE || found.size() >= page.total()) {
                break;
            }
        }
        List<Workflow> workflows = new ArrayList<>(found.values());
        directory.remember(user, workflows);
        return workflows;
    }

    private McpSchema.Tool tool(Workflow w) {
        return McpSchema.Tool.builder(w.toolName().value(), inputSchema(w))
                .title(w.name())
                .description(description(w))
                .outputSchema(outputSchema)
                .annotations(new McpSchema.ToolAnnotations(null, false, null, false, true, null))
                .build();
    }

    private static String description(Workflow w) {
        String about = w.description() == null || w.description().isBlank() ? "" : " " + w.description().strip();
        return "Runs the RPA workflow \"" + w.name() + "\" (project " + w.projectId().value() + ") on the user's desktop"
                + " robot and returns its result." + about;
    }

    /** The workflow's parameters schema; tool inputs are objects, so a schema without a type says so. */
    private Map<String, Object> inputSchema(Workflow w) {
        Map<String, Object> schema = w.parameters() == null ? new LinkedHashMap<>() : json.object(w.parameters().json());
        schema.putIfAbsent("type", "object");
        return schema;
    }
}
