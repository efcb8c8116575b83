package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.Map;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP endpoint (API.md §6): the MCP Java SDK's Streamable HTTP servlet, whose sessions answer
 * {@code tools/list} and {@code tools/call} per caller, and the filter that authenticates every request before it
 * and answers MCP 2026-07-28's request-scoped requests itself ({@link RequestScopedBinding}: the SDK has no such
 * binding), with the same tools. The composition root mounts both at {@link McpSettings#PATH} in the HTTP server.
 *
 * <p>The SDK's tool registry is one list for the whole server, keyed by tool name, while tool names here are
 * unique per user only; so the sessions get request handlers of their own (the SDK's session factory and
 * transport, our {@code tools/*} handlers) instead of {@code McpServer}'s registry with a list filter.
 */
public final class McpToolServer {
    private static final Logger LOG = LoggerFactory.getLogger(McpToolServer.class);
    /** How long the server waits for a client's answer to its own requests (keep-alive pings). */
    private static final Duration CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String INSTRUCTIONS = """
            Each of the user's active RPA workflows is a tool: calling it runs the workflow on the user's desktop \
            robot and returns the execution (status, result or error). A run that takes longer than the server's \
            wait comes back with status RUNNING and an execution_id: call rpa_get_execution with it (wait_seconds up \
            to 60) until the status is COMPLETED, FAILED or CANCELLED. To retry a workflow call safely, send the same \
            _meta.idempotency_key: you get the same execution, not a second run. The rpa_ tools list and read \
            workflows, and start, read, cancel and list executions.""";

    /**
     * The notifications a session takes; the filter accepts any other without handing it on (the SDK would log each
     * unknown one at WARN with its params, which may hold a tool call's arguments).
     */
    private static final Map<String, McpNotificationHandler> NOTIFICATIONS = Map.of(
            McpSchema.METHOD_NOTIFICATION_INITIALIZED, (exchange, params) -> Mono.empty(),
            // the agent gave up on a call; its execution goes on (rpa_get_execution finds it)
            "notifications/cancelled", (exchange, params) -> Mono.empty());

    private final HttpServletStreamableServerTransportProvider transport;
    private final Sessions sessions;
    private final CallerFilter filter;

    /**
     * The endpoint for {@code useCases}: the one place that takes from the graph what each handler calls.
     *
     * @param changes the workflow events that change a user's tool list
     */
    public static McpToolServer serving(UseCaseGraph useCases, McpSettings settings, ToolListChanges changes) {
        Json json = new Json();
        Outputs outputs = new Outputs(json);
        ToolResults results = new ToolResults(json);
        WorkflowTools workflowTools = new WorkflowTools(useCases.listWorkflows(), useCases.getWorkflow(), json);
        WorkflowCalls workflowCalls = new WorkflowCalls(useCases.startExecution(), useCases.awaitExecution(), settings,
                json, outputs, results);
        ControlTools controlTools = new ControlTools(useCases.listWorkflows(), useCases.getWorkflow(),
                useCases.startExecution(), useCases.getExecution(), useCases.cancelExecution(),
                useCases.listExecutions(), useCases.listSchedules(), json, outputs);
        ContractTools contractTools = new ContractTools(useCases.describeIntegration(), useCases.listContractWorkflows(),
                useCases.getContractWorkflow(), useCases.startContractExecution(), useCases.getSnapshot(),
                useCases.contractCancelExecution(), useCases.contractJson(), json, results);
        return new McpToolServer(settings, json, useCases.authenticate(), useCases.limitRequests(), workflowTools,
                workflowCalls, controlTools, contractTools, results, changes, useCases.attributions());
    }

    private McpToolServer(McpSettings settings, Json json, AuthenticateCaller authenticate, LimitRequests limits,
                          WorkflowTools workflowTools, WorkflowCalls workflowCalls, ControlTools controlTools,
                          ContractTools contractTools, ToolResults results, ToolListChanges changes,
                          org.astronrpa.openapi.application.audit.Attributions attributions) {
        DefaultServerTransportSecurityValidator origins = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(settings.allowedOrigins())
                .allowedHosts(settings.allowedHosts())
                .build();
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json.mcp())
                .mcpEndpoint(McpSettings.PATH)
                .contextExtractor(RequestContext::extract)
                .httpHeaderValidator(origins)
                .maxRequestSize(MAX_BODY_BYTES)
                // a ping on every session's listening stream keeps it open through proxies that cut idle reads
                // (nginx's proxy_read_timeout, cloud load balancers' 60 s idle timeouts)
                .keepAliveInterval(settings.keepAlive())
                // drops the sessions Sessions closed (and any without a request for as long) from the SDK's table
                .sessionSweepInterval(settings.sessionIdle().multipliedBy(2))
                .build();
        this.sessions = new Sessions(transport, settings.sessionIdle(), settings.maxSessionsPerKey(), System::nanoTime);
        sessions.startSweeping();
        ToolHandlers tools = new ToolHandlers(workflowTools, workflowCalls, controlTools, contractTools, results,
                sessions, json, attributions);
        McpSchema.Implementation server = new McpSchema.Implementation("rpa-openapi", "RPA OpenAPI service",
                settings.version(), null, null, null);
        MessageCheck messages = new MessageCheck(json, MAX_BODY_BYTES);
        RequestScopedBinding requestScoped = new RequestScopedBinding(transport.protocolVersions(), origins, messages,
                tools, json, server, INSTRUCTIONS);
        this.filter = new CallerFilter(authenticate, limits, sessions, json, messages, NOTIFICATIONS.keySet(),
                requestScoped);
        changes.listen(user -> {
            workflowTools.forget(user);
            sessions.toolsChanged(user);
        });
        McpRequestHandler<Object> ping = (exchange, params) -> Mono.just(Map.of());
        McpRequestHandler<McpSchema.ListToolsResult> list = guarded(tools::list);
        McpRequestHandler<McpSchema.CallToolResult> call = guarded(tools::call);
        Map<String, McpRequestHandler<?>> requests = Map.of(McpSchema.METHOD_PING, ping,
                McpSchema.METHOD_TOOLS_LIST, list, McpSchema.METHOD_TOOLS_CALL, call);
        transport.setSessionFactory(sessions.tracking(new DefaultMcpStreamableServerSessionFactory(
                CLIENT_REQUEST_TIMEOUT, request -> Mono.fromSupplier(() -> initialize(request, server)), requests,
                NOTIFICATIONS, sessionId -> Mono.fromRunnable(() -> sessions.closed(sessionId)))));
    }

    /** The servlet to mount at {@link McpSettings#PATHS}, with async support (its responses are event streams). */
    public HttpServlet servlet() {
        return transport;
    }

    /** The filter to put before all others: {@code /mcp/} answered as {@code /mcp}. */
    public Filter pathFilter() {
        return new TrailingSlash();
    }

    /** The filter to put before the servlet: request id, API key (401 otherwise), rate limits. */
    public Filter authenticationFilter() {
        return filter;
    }

    /**
     * The filter to put first: times every request into {@code http.server.requests} (route {@code /mcp}). Also
     * registers the gauge {@code rpa.mcp.sessions}, the sessions open on this instance.
     */
    public Filter metricsFilter(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("rpa.mcp.sessions", sessions, Sessions::count)
                .description("MCP sessions open on this instance").strongReference(true).register(registry);
        return new RequestMetrics(registry);
    }

    /**
     * The first step of a stop, before the HTTP server's graceful wait: ends the sessions' listening streams (which
     * stay open as long as a client is connected, and would hold that wait for its whole timeout) and answers new
     * ones 503. Tool calls under way go on; the sessions close when the servlet is destroyed.
     */
    public void endListeningStreams() {
        try {
            sessions.endListeningStreams();
        } catch (RuntimeException e) {
            LOG.warn("ending the MCP event streams failed: {}", e.toString());
        }
    }

    /**
     * A handler whose unexpected failures become the JSON-RPC error {@code -32603} quoting the request id (and an
     * ERROR line with the stack trace): the SDK would answer them with the exception's own message.
     */
    private static <T> McpRequestHandler<T> guarded(McpRequestHandler<T> handler) {
        return (exchange, params) -> Mono.defer(() -> handler.handle(exchange, params))
                .onErrorMap(e -> !(e instanceof McpError), e -> {
                    LOG.error("MCP request failed", e);
                    return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("internal error; quote "
                            + "request id " + RequestContext.requestId(exchange.transportContext())).build();
                });
    }

    /** The newest protocol revision both sides speak, the tools capability with list changes, and how to use us. */
    private McpSchema.InitializeResult initialize(McpSchema.InitializeRequest request, McpSchema.Implementation server) {
        var versions = transport.protocolVersions();
        String version = versions.contains(request.protocolVersion()) ? request.protocolVersion() : versions.getLast();
        LOG.debug("MCP session for client {} (protocol {})", request.clientInfo(), version);
        return new McpSchema.InitializeResult(version, McpSchema.ServerCapabilities.builder().tools(true).build(),
                server, INSTRUCTIONS, null);
    }
}
