package org.astronrpa.openapi.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.workflow.DeleteWorkflow;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertResult;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.application.workflow.UpsertWorkflowCommand;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import tools.jackson.databind.ObjectMapper;

/** {@code /workflows}: API.md §2. */
final class WorkflowRoutes {
    private final UpsertWorkflow upsertWorkflow;
    private final GetWorkflow getWorkflow;
    private final ListWorkflows listWorkflows;
    private final DeleteWorkflow deleteWorkflow;
    private final Authentication auth;
    private final ObjectMapper mapper;

    record Upserted(String action, WorkflowJson workflow) {
    }

    /** {@code data} of a single-workflow answer; {@code workflow} is null on the compatibility routes' misses. */
    record One(WorkflowJson workflow) {
    }

    WorkflowRoutes(UpsertWorkflow upsertWorkflow, GetWorkflow getWorkflow, ListWorkflows listWorkflows,
                   DeleteWorkflow deleteWorkflow, Authentication auth, ObjectMapper mapper) {
        this.upsertWorkflow = upsertWorkflow;
        this.getWorkflow = getWorkflow;
        this.listWorkflows = listWorkflows;
        this.deleteWorkflow = deleteWorkflow;
        this.auth = auth;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        routes.post("/workflows/upsert", auth.required(Scope.WORKFLOWS_WRITE, this::upsert));
        routes.get("/workflows", auth.required(Scope.WORKFLOWS_READ, this::list));
        routes.get("/workflows/{project_id}", auth.required(Scope.WORKFLOWS_READ, this::get));
        routes.delete("/workflows/{project_id}", auth.required(Scope.WORKFLOWS_WRITE, this::delete));
    }

    private void upsert(Context ctx, Caller caller) {
        UpsertResult result = upsertWorkflow.upsert(caller, command(ctx, caller, mapper));
        WorkflowJson workflow = WorkflowJson.from(result.workflow());
        switch (result) {
            case UpsertResult.Created created -> ctx.status(201)
                    .header("Location", "/workflows/" + pathSegment(workflow.projectId()))
                    .json(Envelope.ok(new Upserted("created", workflow)));
            case UpsertResult.Updated updated -> ctx.status(200)
                    .json(Envelope.ok(new Upserted("updated", workflow)));
        }
    }

    /** Percent-encodes a path segment; {@link URLEncoder} alone writes a space as '+', which a path keeps literally. */
    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static UpsertWorkflowCommand command(Context ctx, Caller caller, ObjectMapper mapper) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String projectId = body.textOrInteger("project_id");
        String name = body.text("name");
        String englishName = body.text("english_name");
        String description = body.text("description");
        String version = body.text("version");
        Long status = body.integer("status");
        String parameters = body.objectOrJsonText("parameters");
        // the integration contract's declaration (API.md §6a): an object, or null to remove it
        String integration = !body.sent("integration") ? null : body.has("integration")
                ? body.object("integration") : "null";
        FieldErrors errors = body.errors();
        UpsertWorkflowCommand command = errors.collect(() -> UpsertWorkflowCommand.of(caller.userId(), projectId, name,
                englishName, description, version, status, parameters));
        errors.throwIfAny();
        return integration == null ? command : command.withIntegration(integration);
    }

    private void get(Context ctx, Caller caller) {
        var workflow = getWorkflow.get(caller, new ProjectId(ctx.pathParam("project_id")));
        ctx.json(Envelope.ok(new One(WorkflowJson.from(workflow))));
    }

    private void list(Context ctx, Caller caller) {
        FieldErrors errors = new FieldErrors();
        var page = errors.collect(() -> Paging.of(ctx));
        var filter = errors.collect(() -> filter(ctx));
        String cursor = Paging.cursor(ctx, errors);
        errors.throwIfAny();
        var listed = listWorkflows.list(caller, filter, page, cursor);
        ctx.json(Envelope.ok(CursorPageJson.from(listed.page(), WorkflowJson::from, listed.nextCursor())));
    }

    private static WorkflowFilter filter(Context ctx) {
        String status = ctx.queryParam("status");
        WorkflowStatus parsed = null;
        if (status != null && !status.isBlank()) {
            if (!status.strip().matches("^[01]$")) {
                throw org.astronrpa.openapi.domain.shared.InvalidInput.of("status", "must be 1 (active) or 0 (inactive)");
            }
            parsed = WorkflowStatus.ofCode(Long.parseLong(status.strip()));
        }
        return new WorkflowFilter(parsed, ctx.queryParam("q"));
    }

    private void delete(Context ctx, Caller caller) {
        deleteWorkflow.delete(caller, new ProjectId(ctx.pathParam("project_id")));
        ctx.json(Envelope.ok(null));
    }
}
