package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code tools/list} and {@code tools/call} for the caller of each request: the caller's active workflows plus the
 * control tools. The same for both bindings: the SDK's sessions (the caller taken from the exchange) and MCP
 * 2026-07-28's request-scoped one ({@link RequestScopedBinding}, the caller given). Runs on the request's own
 * (virtual) thread, where blocking on the use cases is cheap. Each call is logged with its request id (the log
 * context) — tool name, user, outcome, duration — never with its arguments, which may hold secrets.
 */
final class ToolHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ToolHandlers.class);
    private static final TypeRef<McpSchema.CallToolRequest> CALL = new TypeRef<>() {
    };
    private static final Duration PROGRESS_SEND_TIMEOUT = Duration.ofSeconds(5);

    private final WorkflowTools workflowTools;
    private final WorkflowCalls workflowCalls;
    private final ControlTools controlTools;
    private final ContractTools contractTools;
    private final ToolResults results;
    private final Sessions sessions;
    private final Json json;
    private final org.astronrpa.openapi.application.audit.Attributions attributions;

    /** @param attributions whom a tool call's changes are attributed to (its caller, in the audit log) */
    ToolHandlers(WorkflowTools workflowTools, WorkflowCalls workflowCalls, ControlTools controlTools,
                 ContractTools contractTools, ToolResults results, Sessions sessions, Json json,
                 org.astronrpa.openapi.application.audit.Attributions attributions) {
        this.attributions = attributions;
        this.workflowTools = workflowTools;
        this.workflowCalls = workflowCalls;
        this.controlTools = controlTools;
        this.contractTools = contractTools;
        this.results = results;
        this.sessions = sessions;
        this.json = json;
    }

    /** {@code tools/list} in a session of the SDK's. */
    Mono<McpSchema.ListToolsResult> list(McpAsyncServerExchange exchange, Object params) {
        return Mono.fromCallable(() -> list(admit(exchange)));
    }

    /** {@code tools/call} in a session of the SDK's, with progress on the call's own response stream. */
    Mono<McpSchema.CallToolResult> call(McpAsyncServerExchange exchange, Object params) {
        return Mono.fromCallable(() -> call(admit(exchange), params, exchange.sessionId(),
                notification -> exchange.progressNotification(notification).block(PROGRESS_SEND_TIMEOUT)));
    }

    /** The tools of the request's caller. */
    McpSchema.ListToolsResult list(RequestContext request) {
        KeyGrant grant = request.caller().grant();
        // a key sees the tools it may call: the integration contract's fixed tools first (as upstream lists them),
        // then workflow tools with executions:run, each fixed or control tool with its scope
        List<McpSchema.Tool> tools = new ArrayList<>(contractTools.tools(grant));
        if (grant.permits(Scope.EXECUTIONS_RUN)) {
            tools.addAll(workflowTools.list(request.caller()));
        }
        tools.addAll(controlTools.tools(grant));
        return McpSchema.ListToolsResult.builder(tools).build();
    }

    /**
     * A call by the request's caller; {@code sessionId} (for the log) is null outside a session. Throws
     * {@link McpError} for a protocol error: params of the wrong shape, a tool that is none of the caller's.
     */
    McpSchema.CallToolResult call(RequestContext request, Object params, String sessionId,
                                  WorkflowCalls.Progress progress) {
        McpSchema.CallToolRequest call = callRequest(params);
        String tool = controlTools.has(call.name())
                ? "control tool " + call.name().substring(ToolName.RESERVED_PREFIX.length())
                : contractTools.has(call.name()) ? "contract tool " + call.name()
                : "tool " + printable(call.name());
        long begin = System.nanoTime();
        String outcome = "failed";
        try (var bound = attributions.bind(org.astronrpa.openapi.application.audit.Attributions.of(
                request.caller(), request.requestId()))) {
            McpSchema.CallToolResult result = dispatch(call, request, progress);
            outcome = describe(result);
            return result;
        } catch (McpError e) {
            outcome = "refused: " + String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", "?");
            throw e;
        } finally {
            // control tools are logged without their rpa_ prefix, which the log redaction takes for an API key
            // the session by the start of its id only: the whole id would let a reader of the log use it
            LOG.info("MCP tools/call of {} by user {} (session {}) -> {} in {} ms", tool,
                    request.caller().userId(), Sessions.logged(sessionId), outcome,
                    (System.nanoTime() - begin) / 1_000_000);
        }
    }

    private McpSchema.CallToolResult dispatch(McpSchema.CallToolRequest call, RequestContext request,
                                              WorkflowCalls.Progress progress) {
        UserId user = request.caller().userId();
        if (contractTools.has(call.name())) {
            Scope needed = contractTools.scopeOf(call.name());
            if (!request.caller().grant().permits(needed)) {
                throw missingScope(call.name(), needed);
            }
            return contractTools.call(call.name(), request.caller(), call.arguments(), request.requestId());
        }
        boolean control = controlTools.has(call.name());
        UnaryOperator<String> fieldName = control ? UnaryOperator.identity() : WorkflowCalls::argumentName;
        Scope needed = control ? controlTools.scopeOf(call.name()) : Scope.EXECUTIONS_RUN;
        if (!request.caller().grant().permits(needed)) {
            throw missingScope(call.name(), needed);
        }
        try {
            if (control) {
                return results.structured(controlTools.call(call.name(), request.caller(), call.arguments()), false);
            }
            // a workflow named like a control tool has a suffixed name that may still start with rpa_
            Workflow workflow = workflowTools.resolve(request.caller(), call.name())
                    .orElseThrow(() -> unknownTool(call.name()));
            return workflowCalls.call(workflow, request.caller(), call, progress);
        } catch (RuntimeException e) {
            return results.failure(e, fieldName, request.requestId());
        }
    }

    /**
     * The caller of this request, who must also own the session it uses. {@link CallerFilter} has refused any other
     * user's request already; this check stands behind it, for a request that got here some other way.
     */
    private RequestContext admit(McpAsyncServerExchange exchange) {
        RequestContext request = RequestContext.of(exchange.transportContext());
        if (!sessions.owns(exchange.sessionId(), request.caller().userId())) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("Session not found").build();
        }
        return request;
    }

    /**
     * The params of a {@code tools/call}, checked before the SDK's mapper sees them: its message for a wrong type
     * names Java classes. {@code arguments} and {@code _meta} are objects when present; the rest of a tool's
     * arguments are checked by the tool.
     */
    private McpSchema.CallToolRequest callRequest(Object params) {
        if (!(params instanceof Map<?, ?> members)) {
            throw invalidParams("tools/call needs params {\"name\": string, \"arguments\": object}");
        }
        if (!(members.get("name") instanceof String name) || name.isEmpty()) {
            throw invalidParams("params.name must be the name of a tool (a string)");
        }
        for (String member : List.of("arguments", "_meta")) {
            if (members.get(member) != null && !(members.get(member) instanceof Map<?, ?>)) {
                throw invalidParams("params." + member + " must be an object");
            }
        }
        if (members.get("_meta") instanceof Map<?, ?> meta && meta.get("progressToken") != null
                && !(meta.get("progressToken") instanceof String || meta.get("progressToken") instanceof Integer
                || meta.get("progressToken") instanceof Long)) {
            throw invalidParams("params._meta.progressToken must be a string or an integer");
        }
        try {
            return json.mcp().convertValue(params, CALL);
        } catch (RuntimeException e) {
            throw invalidParams("params are not a tools/call request: {\"name\": string, \"arguments\": object, "
                    + "\"_meta\": object}");
        }
    }

    private static McpError invalidParams(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
    }

    /** As the MCP specification has it: a name that is none of the caller's tools is a protocol error. */
    private static McpError unknownTool(String name) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message("Unknown tool: " + name)
                .data(Map.of("tool", name))
                .build();
    }

    /**
     * A tool the key may not call is not among its tools ({@code tools/list} leaves it out): a protocol error, as for
     * an unknown tool, that says which scope the key lacks.
     */
    private static McpError missingScope(String name, Scope scope) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message("Unknown tool: " + name + " (this API key lacks the scope '" + scope.wire() + "')")
                .data(Map.of("tool", name, "required_scope", scope.wire()))
                .build();
    }

    /** A tool name as sent, safe for a log line (names are the client's text). */
    private static String printable(String name) {
        return Printable.of(name, "_.-");
    }

    private static String describe(McpSchema.CallToolResult result) {
        if (result.structuredContent() instanceof Map<?, ?> content && content.get("execution_id") != null) {
            return "execution " + content.get("execution_id") + " " + content.get("status")
                    + (Boolean.TRUE.equals(result.isError()) ? " (isError)" : "");
        }
        return Boolean.TRUE.equals(result.isError()) ? "refused (isError)" : "ok";
    }
}
