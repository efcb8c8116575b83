package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.execution.CancelExecution;
import org.astronrpa.openapi.application.execution.GetExecution;
import org.astronrpa.openapi.application.execution.ListExecutions;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.execution.StartExecutionCommand;
import org.astronrpa.openapi.application.schedule.NextFireTimes;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;

/**
 * The built-in {@code rpa_} tools of API.md §6: list and read workflows, start executions without waiting, read
 * (with a bounded wait), cancel and list executions. Each reads its arguments by its input schema; a wrong one is
 * an {@code isError} result naming the argument.
 */
final class ControlTools {
    static final int MAX_GET_WAIT_SECONDS = 60;
    private static final Set<String> STATUSES = Stream.of(ExecutionStatus.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** One control tool: its definition, what a call does, and the scope a key needs to see and call it. */
    private record Control(McpSchema.Tool tool, BiFunction<Caller, Arguments, Map<String, Object>> run,
                           Set<String> arguments, Scope scope) {
    }

    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final ListWorkflows listWorkflows;
    private final GetWorkflow getWorkflow;
    private final StartExecution startExecution;
    private final GetExecution getExecution;
    private final CancelExecution cancelExecution;
    private final ListExecutions listExecutions;
    private final Json json;
    private final Outputs outputs;
    private final org.astronrpa.openapi.application.schedule.ListSchedules listSchedules;

    ControlTools(ListWorkflows listWorkflows, GetWorkflow getWorkflow, StartExecution startExecution,
                 GetExecution getExecution, CancelExecution cancelExecution, ListExecutions listExecutions,
                 org.astronrpa.openapi.application.schedule.ListSchedules listSchedules, Json json, Outputs outputs) {
        this.listSchedules = listSchedules;
        this.json = json;
        this.listWorkflows = listWorkflows;
        this.getWorkflow = getWorkflow;
        this.startExecution = startExecution;
        this.getExecution = getExecution;
        this.cancelExecution = cancelExecution;
        this.listExecutions = listExecutions;
        this.outputs = outputs;
        add("rpa_list_workflows", Scope.WORKFLOWS_READ,
                "List your RPA workflows (each active one is also a tool of its own).",
                Schemas.LIST_WORKFLOWS_INPUT, Schemas.LIST_WORKFLOWS_OUTPUT, true, this::listWorkflows);
        add("rpa_get_workflow", Scope.WORKFLOWS_READ,
                "Read one of your RPA workflows, with the JSON Schema of its params.",
                Schemas.GET_WORKFLOW_INPUT, Schemas.GET_WORKFLOW_OUTPUT, true, this::getWorkflow);
        add("rpa_start_execution", Scope.EXECUTIONS_RUN,
                "Start a workflow on your desktop robot and return at once with the execution"
                        + " (status PENDING or RUNNING); follow it with rpa_get_execution.",
                Schemas.START_EXECUTION_INPUT, Schemas.EXECUTION, false, this::startExecution);
        add("rpa_get_execution", Scope.EXECUTIONS_READ,
                "Read an execution: its status, and its result or error once finished;"
                        + " wait_seconds (up to " + MAX_GET_WAIT_SECONDS + ") waits for it to finish first.",
                Schemas.GET_EXECUTION_INPUT, Schemas.EXECUTION, true, this::getExecution);
        add("rpa_cancel_execution", Scope.EXECUTIONS_CANCEL,
                "Cancel an execution that has not finished; a running one is stopped on"
                        + " the robot.",
                Schemas.CANCEL_EXECUTION_INPUT, Schemas.EXECUTION, false, this::cancelExecution);
        add("rpa_list_executions", Scope.EXECUTIONS_READ,
                "List your executions, newest first (to find one whose id you lost).",
                Schemas.LIST_EXECUTIONS_INPUT, Schemas.LIST_EXECUTIONS_OUTPUT, true, this::listExecutions);
        add("rpa_list_schedules", Scope.SCHEDULES_READ,
                "List your schedules, newest first, each with its coming fire times (read-only:"
                        + " schedules are changed over REST).",
                Schemas.LIST_SCHEDULES_INPUT, Schemas.LIST_SCHEDULES_OUTPUT, true, this::listSchedules);
    }

    /** The control tools a caller with {@code grant} sees: those whose scope it holds. */
    List<McpSchema.Tool> tools(KeyGrant grant) {
        return controls.values().stream().filter(control -> grant.permits(control.scope()))
                .map(Control::tool).toList();
    }

    /** The scope a key needs to call the control tool {@code name} (one that {@link #has}). */
    Scope scopeOf(String name) {
        return controls.get(name).scope();
    }

    boolean has(String name) {
        return controls.containsKey(name);
    }

    /** The structured result of the control tool {@code name} (one that {@link #has}). */
    Map<String, Object> call(String name, Caller caller, Map<String, Object> arguments) {
        Control control = controls.get(name);
        return control.run().apply(caller, new Arguments(arguments, control.arguments()));
    }

    private void add(String name, Scope scope, String description, String input, String output, boolean readOnly,
                     BiFunction<Caller, Arguments, Map<String, Object>> run) {
        Map<String, Object> inputSchema = json.object(input);
        @SuppressWarnings("unchecked")
        Set<String> arguments = ((Map<String, Object>) inputSchema.get("properties")).keySet();
        McpSchema.Tool tool = McpSchema.Tool.builder(name, inputSchema).description(description)
                .outputSchema(json.object(output))
                .annotations(new McpSchema.ToolAnnotations(null, readOnly, readOnly ? null : false, readOnly, false, null))
                .build();
        controls.put(name, new Control(tool, run, Set.copyOf(arguments), scope));
    }

    private Map<String, Object> listWorkflows(Caller caller, Arguments args) {
        String query = args.text("q", false, false, WorkflowChanges.NAME_MAX);
        Integer status = args.integer("status", 0, 1, null);
        PageRequest page = page(args, 100);
        args.check();
        Page<Workflow> found = listWorkflows.list(caller,
                new WorkflowFilter(status == null ? null : WorkflowStatus.ofCode(status), query), page, null).page();
        Map<String, Object> out = pageHeader(found);
        out.put("workflows", found.records().stream().map(outputs::workflowSummary).toList());
        return out;
    }

    private Map<String, Object> getWorkflow(Caller caller, Arguments args) {
        String projectId = args.text("project_id", true, true, ProjectId.MAX_LENGTH);
        args.check();
        return new LinkedHashMap<>(Map.of("workflow", outputs.workflow(getWorkflow.get(caller, new ProjectId(projectId)))));
    }

    private Map<String, Object> startExecution(Caller caller, Arguments args) {
        String projectId = args.text("project_id", true, true, ProjectId.MAX_LENGTH);
        Map<String, Object> params = args.object("params");
        String key = args.text("idempotency_key", false, false, IdempotencyRecord.MAX_KEY_LENGTH);
        Integer timeout = args.integer("timeout_seconds", 1, ExecutionTimeout.MAX_SECONDS, null);
        var target = args.target("target");
        args.check();
        StartExecutionCommand command = StartExecutionCommand.of(caller.userId(), projectId,
                        json.write(params == null ? Map.of() : params), null, timeout == null ? null : timeout.longValue())
                .withIdempotencyKey(key).withTarget(target);
        return outputs.execution(startExecution.start(caller, command));
    }

    private Map<String, Object> getExecution(Caller caller, Arguments args) {
        String id = args.text("execution_id", true, false, 64);
        Integer wait = args.integer("wait_seconds", 0, MAX_GET_WAIT_SECONDS, 0);
        args.check();
        return outputs.execution(getExecution.get(caller, id, Duration.ofSeconds(wait)));
    }

    private Map<String, Object> cancelExecution(Caller caller, Arguments args) {
        String id = args.text("execution_id", true, false, 64);
        args.check();
        return outputs.execution(cancelExecution.cancel(caller, id));
    }

    private Map<String, Object> listExecutions(Caller caller, Arguments args) {
        String projectId = args.text("project_id", false, true, ProjectId.MAX_LENGTH);
        String status = args.oneOf("status", STATUSES);
        String cursor = args.text("cursor", false, false, 200);
        PageRequest page = page(args, 20);
        args.check();
        ListExecutions.Listed listed;
        try {
            listed = listExecutions.list(caller, new ExecutionFilter(
                    projectId == null ? null : new ProjectId(projectId),
                    status == null ? null : ExecutionStatus.valueOf(status)), page, cursor);
        } catch (InvalidInput refused) {
            // the use case names REST's query parameters
            throw new InvalidInput(refused.errors().stream().map(error -> error.field().equals("pageNo")
                    ? new FieldError("page_no", error.message().replace("pageNo × pageSize", "page_no × page_size"))
                    : error).toList());
        }
        Page<Execution> found = listed.page();
        Map<String, Object> out = pageHeader(found);
        out.put("executions", found.records().stream().map(outputs::execution).toList());
        out.put("next_cursor", listed.nextCursor());
        return out;
    }

    private Map<String, Object> listSchedules(Caller caller, Arguments args) {
        PageRequest page = page(args, 20);
        Integer next = args.integer("next", 0, 10, 3);
        args.check();
        Page<org.astronrpa.openapi.domain.schedule.Schedule> found = listSchedules.list(caller.userId(), page);
        Map<String, Object> out = pageHeader(found);
        out.put("schedules", found.records().stream().map(schedule -> {
            var d = schedule.definition();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", schedule.id().value());
            one.put("project_id", d.projectId().value());
            one.put("cron", d.cron() == null ? null : d.cron().text());
            one.put("interval_seconds", d.interval() == null ? null : d.interval().toSeconds());
            one.put("timezone", d.zone().getId());
            one.put("enabled", schedule.isEnabled());
            one.put("paused_reason", schedule.pausedReason());
            one.put("overlap", d.overlap().wire());
            one.put("next_fire_times", next == null || next == 0 ? List.of()
                    : NextFireTimes.of(schedule, next).next().stream().map(coming -> Map.of(
                            "scheduled_at", coming.scheduledAt().toString(),
                            "local", coming.local().toOffsetDateTime().toString(),
                            "fires_at", coming.firesAt().toString())).toList());
            return one;
        }).toList());
        return out;
    }

    private static PageRequest page(Arguments args, int defaultSize) {
        Integer pageNo = args.integer("page_no", 1, Integer.MAX_VALUE, 1);
        Integer pageSize = args.integer("page_size", 1, PageRequest.MAX_PAGE_SIZE, defaultSize);
        return pageNo == null || pageSize == null ? PageRequest.FIRST : new PageRequest(pageNo, pageSize);
    }

    private static Map<String, Object> pageHeader(Page<?> page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("page_no", page.request().pageNo());
        out.put("page_size", page.request().pageSize());
        return out;
    }
}
