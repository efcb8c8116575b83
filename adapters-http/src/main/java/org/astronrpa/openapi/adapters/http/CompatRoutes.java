package org.astronrpa.openapi.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import tools.jackson.databind.ObjectMapper;

/**
 * The original service's routes (API.md §7) for existing astron-rpa front ends: the same envelope, HTTP 200
 * with code 5001 for business errors, 401 for authentication. Registered before the REST routes, so that
 * {@code /workflows/get} is not read as a project id.
 */
final class CompatRoutes {
    private final ListWorkflows listWorkflows;
    private final GetWorkflow getWorkflow;
    private final CreateApiKey createApiKey;
    private final ListApiKeys listApiKeys;
    private final RevokeApiKey revokeApiKey;
    private final Authentication auth;
    private final ObjectMapper mapper;

    CompatRoutes(ListWorkflows listWorkflows, GetWorkflow getWorkflow, CreateApiKey createApiKey,
                 ListApiKeys listApiKeys, RevokeApiKey revokeApiKey, Authentication auth, ObjectMapper mapper) {
        this.listWorkflows = listWorkflows;
        this.getWorkflow = getWorkflow;
        this.createApiKey = createApiKey;
        this.listApiKeys = listApiKeys;
        this.revokeApiKey = revokeApiKey;
        this.auth = auth;
        this.mapper = mapper;
    }

    record Listed<T>(long total, List<T> records) {
    }

    record Key(@com.fasterxml.jackson.annotation.JsonProperty("api_key") String apiKey) {
    }

    void register(RoutesConfig routes) {
        routes.get("/workflows/get", compat(auth.required(Scope.WORKFLOWS_READ, this::workflows)));
        routes.get("/workflows/get/{project_id}", compat(auth.required(Scope.WORKFLOWS_READ, this::workflow)));
        routes.get("/api-keys/get", compat(auth.gatewayOnly(this::keys)));
        routes.post("/api-keys/create", compat(auth.gatewayOnly(this::createKey)));
        routes.post("/api-keys/remove", compat(auth.gatewayOnly(this::removeKey)));
    }

    /** Marks a route as the original service's, whose business errors answer HTTP 200 (see {@link ErrorMapping}). */
    static Handler compat(Handler handler) {
        return ctx -> {
            ctx.attribute(ErrorMapping.COMPAT_ATTRIBUTE, true);
            handler.handle(ctx);
        };
    }

    private void workflows(Context ctx, Caller caller) {
        String projectId = ctx.queryParam("project_id");
        if (projectId != null && !projectId.isBlank()) {
            ctx.json(Envelope.ok(new WorkflowRoutes.One(find(caller, projectId))));
            return;
        }
        var page = listWorkflows.list(caller, WorkflowFilter.ANY, Paging.of(ctx), null).page();
        ctx.json(Envelope.ok(new Listed<>(page.total(), page.records().stream().map(WorkflowJson::from).toList())));
    }

    /** A miss answers code 0000 with {@code data: null}, as the original did. */
    private void workflow(Context ctx, Caller caller) {
        WorkflowJson found = find(caller, ctx.pathParam("project_id"));
        ctx.json(Envelope.ok(found == null ? null : new WorkflowRoutes.One(found)));
    }

    private WorkflowJson find(Caller caller, String projectId) {
        try {
            return WorkflowJson.from(getWorkflow.get(caller, new ProjectId(projectId)));
        } catch (WorkflowNotFound e) {
            return null;
        }
    }

    private void keys(Context ctx, Caller caller) {
        var page = listApiKeys.list(caller.userId(), Paging.of(ctx));
        ctx.json(Envelope.ok(new Listed<>(page.total(), page.records().stream().map(ApiKeyJson.Compat::from).toList())));
    }

    private void createKey(Context ctx, Caller caller) {
        var issued = createApiKey.create(ApiKeyRoutes.fullPowerCommand(ctx, caller, mapper));
        ctx.json(Envelope.ok(new Key(issued.secret().reveal())));
    }

    private void removeKey(Context ctx, Caller caller) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String id = body.textOrInteger("id");
        body.requireWellTyped();
        if (id == null || id.isBlank()) {
            throw org.astronrpa.openapi.domain.shared.InvalidInput.of("id", "is required");
        }
        revokeApiKey.revoke(caller.userId(), id);
        ctx.json(Envelope.ok(null));
    }
}
