package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.auth.Credentials;
import org.astronrpa.openapi.application.auth.Unauthenticated;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.astronrpa.openapi.domain.apikey.AddressRefused;
import org.astronrpa.openapi.domain.apikey.ApiKeyRejected;
import org.astronrpa.openapi.domain.apikey.MissingScope;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.ratelimit.RateLimited;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

/**
 * Runs before the MCP servlet on every {@code /mcp} request: gives it a request id, authenticates the API key
 * (bearer, {@code X-API-Key} or {@code ?key=}) and counts it against the rate limits. A missing or bad key is
 * answered 401 here, so no MCP processing happens for it. The body of a {@code POST} must then be one JSON-RPC
 * message ({@link MessageCheck}), and every request but {@code initialize} must name ({@code Mcp-Session-Id}) an
 * open session of the caller's: one that another user's key initialized — any method: {@code POST}, the listening
 * stream's {@code GET}, {@code DELETE} — is answered 404 as an unknown or expired one is, so a key can neither use,
 * listen to nor end another user's session, and the answer does not tell that the session exists. An
 * {@code initialize} of a key that has its cap of sessions open, every one of them busy, is refused with 429 and the
 * JSON-RPC error {@code -32000} (with an idle one among them, that one is closed for it: {@link Sessions}). A request
 * without a session whose {@code MCP-Protocol-Version} header is none of the sessions' versions (MCP 2026-07-28, or
 * one not supported) is answered by {@link RequestScopedBinding} instead, after authentication and rate limits. Each refusal is a JSON-RPC error object in the protocol's words, never the SDK's exception text.
 */
final class CallerFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(CallerFilter.class);
    private static final String REQUEST_ID_HEADER = "X-Request-ID";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String MDC_KEY = "request_id";
    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    /** The methods of the transport that name a session ({@code POST} but {@code initialize}, the stream, the end). */
    private static final Set<String> SESSION_METHODS = Set.of("POST", "GET", "DELETE");
    /** Where a client is told how to authenticate: printable ASCII without quotes (an RFC 6750 error_description). */
    static final String API_KEYS_ONLY = "this server takes API keys only, no OAuth: send Authorization: Bearer <key>, "
            + "X-API-Key: <key> or ?key=<key>";
    private static final int TOO_MANY_REQUESTS = 429;
    /** JSON-RPC's range for errors an implementation defines: a key at its cap of sessions. */
    static final int SESSION_CAP_CODE = -32000;
    static final String SESSION_NOT_FOUND = "Session not found: it was ended, expired or never opened here; "
            + "send initialize to open a new one";

    private final AuthenticateCaller authenticate;
    private final LimitRequests limits;
    private final Sessions sessions;
    private final Json json;
    private final MessageCheck messages;
    private final Set<String> notifications;
    private final RpcAnswers answers;
    private final RequestScopedBinding requestScoped;

    CallerFilter(AuthenticateCaller authenticate, LimitRequests limits, Sessions sessions, Json json,
                 MessageCheck messages, Set<String> notifications, RequestScopedBinding requestScoped) {
        this.notifications = Set.copyOf(notifications);
        this.answers = new RpcAnswers(json);
        this.requestScoped = requestScoped;
        this.authenticate = authenticate;
        this.limits = limits;
        this.sessions = sessions;
        this.json = json;
        this.messages = messages;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String sent = request.getHeader(REQUEST_ID_HEADER);
        String requestId = sent != null && SAFE_ID.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        response.setHeader(REQUEST_ID_HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            if (sessions.closing() && "GET".equals(request.getMethod())) {
                refuse(response, 503, "unavailable", "the service is stopping", requestId);
                return;
            }
            Caller caller = admit(request, response, requestId);
            if (caller == null) {
                return;
            }
            if (requestScoped.claims(request)) {
                requestScoped.answer(request, response, new RequestContext(caller, requestId));
                return;
            }
            MessageCheck.Message message = null;
            if ("POST".equals(request.getMethod())) {
                message = message(request, response);
                if (message == null) {
                    return;
                }
            }
            boolean initialize = message != null && message.initialize();
            String session = null;
            if (!initialize && SESSION_METHODS.contains(request.getMethod())) {
                session = usableSession(request, response, caller, message);
                if (session == null) {
                    return;
                }
            }
            try {
                if (!answeredHere(request, response, message)) {
                    handOn(request, response, chain, caller, requestId, message);
                }
            } finally {
                if (session != null) {
                    sessions.done(session);
                }
            }
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The one JSON-RPC message of a POST, or {@code null} after answering why it is none. */
    private MessageCheck.Message message(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MessageCheck.Checked checked;
        try {
            checked = messages.check(request.getContentLengthLong(), request.getInputStream());
        } catch (IOException e) {
            // the client went away in the middle of its body, or sent less than its Content-Length and stopped
            LOG.debug("MCP POST body not received: {}", e.toString());
            checked = MessageCheck.unreadable(e);
        }
        if (checked instanceof MessageCheck.Refusal refusal) {
            rpcError(response, refusal.status(), refusal.code(), refusal.message(), refusal.id());
            return null;
        }
        return (MessageCheck.Message) checked;
    }

    /**
     * Answers here what needs no MCP processing, and returns whether it did: a client's response to one of our
     * requests, a notification nobody handles.
     */
    private boolean answeredHere(HttpServletRequest request, HttpServletResponse response,
                                 MessageCheck.Message message) throws IOException {
        if (message != null && message.method() == null) {
            answerToServer(request, response, message);
            return true;
        }
        if (message != null && message.notification() && !notifications.contains(message.method())) {
            LOG.debug("MCP notification {} ignored: no handler", printable(message.method()));
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return true;
        }
        return false;
    }

    /**
     * Hands the request to the MCP servlet with its caller and request id (a POST with the body read here); an
     * {@code initialize} of a key at its cap of sessions is refused instead.
     */
    private void handOn(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Caller caller,
                        String requestId, MessageCheck.Message message) throws IOException, ServletException {
        HttpServletRequest forwarded = message == null ? request : new BufferedRequest(request, message.body());
        forwarded.setAttribute(RequestContext.CALLER_ATTRIBUTE, caller);
        forwarded.setAttribute(RequestContext.REQUEST_ID_ATTRIBUTE, requestId);
        boolean initialize = message != null && message.initialize();
        if (!sessions.opening(caller.userId(), keyOf(caller), initialize, () -> chain.doFilter(forwarded, response))) {
            LOG.info("MCP initialize refused: user {} has {} sessions open with one API key, all of them busy",
                    caller.userId(), sessions.maxPerKey());
            rpcError(response, TOO_MANY_REQUESTS, SESSION_CAP_CODE, "too many open MCP sessions for this API key "
                    + "(at most " + sessions.maxPerKey() + "), each with a request or a listening stream under way: "
                    + "end one with DELETE /mcp, or retry when one is idle", message.id());
        }
    }

    /** Jetty stops the context: idle sessions are no longer swept. */
    @Override
    public void destroy() {
        sessions.stopSweeping();
    }

    /** The authenticated caller, or {@code null} after answering the refusal. */
    private Caller admit(HttpServletRequest request, HttpServletResponse response, String requestId) throws IOException {
        try {
            Caller caller = authenticate.authenticate(credentials(request, requestId)).require(Scope.MCP);
            limits.admit(caller).ifPresent(decision -> LimitRequests.answerHeaders(decision).forEach(response::setHeader));
            return caller;
        } catch (Unauthenticated | ApiKeyRejected e) {
            LOG.info("MCP {} refused: {}", request.getMethod(), e instanceof ApiKeyRejected rejected
                    ? "API key " + rejected.reason() : e.getMessage());
            response.setHeader("WWW-Authenticate", challenge(e instanceof ApiKeyRejected));
            refuse(response, 401, "unauthorized", e.getMessage() + " (" + API_KEYS_ONLY + ")", requestId);
        } catch (MissingScope e) {
            LOG.info("MCP {} refused: the API key lacks the scope '{}'", request.getMethod(), e.scope().wire());
            refuse(response, 403, "forbidden", e.getMessage(), requestId, e.scope());
        } catch (AddressRefused e) {
            LOG.info("MCP {} refused: {}", request.getMethod(), e.getMessage());
            refuse(response, 403, "forbidden", e.getMessage(), requestId);
        } catch (RateLimited e) {
            LimitRequests.answerHeaders(e.decision()).forEach(response::setHeader);
            refuse(response, 429, "rate_limited", e.getMessage(), requestId);
        } catch (RuntimeException e) {
            LOG.error("MCP authentication failed", e);
            refuse(response, 503, "unavailable", "the service cannot check credentials now; retry later", requestId);
        }
        return null;
    }

    /**
     * The open session of the caller's that the request names, in use by it until {@link Sessions#done}; otherwise
     * {@code null} after answering: 400 without {@code Mcp-Session-Id}, 404 (the Streamable HTTP answer that makes a
     * client initialize again) for a session that is not open — never opened, ended, expired, closed for a newer one
     * at the key's cap — or is another user's, word for word the same.
     */
    private String usableSession(HttpServletRequest request, HttpServletResponse response, Caller caller,
                                 MessageCheck.Message message) throws IOException {
        String sessionId = request.getHeader(SESSION_HEADER);
        JsonNode id = message == null ? null : message.id();
        if (sessionId == null || sessionId.isBlank()) {
            rpcError(response, HttpServletResponse.SC_BAD_REQUEST, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Mcp-Session-Id header required: send initialize first, then the id its answer carries", id);
            return null;
        }
        if (sessions.use(sessionId, caller.userId())) {
            return sessionId;
        }
        if (sessions.isOpen(sessionId)) {
            LOG.info("MCP {} refused: session {} belongs to another user than {}", request.getMethod(),
                    Sessions.logged(sessionId), caller.userId());
        }
        rpcError(response, HttpServletResponse.SC_NOT_FOUND, McpSchema.ErrorCodes.INVALID_REQUEST,
                SESSION_NOT_FOUND, id);
        return null;
    }

    /**
     * A client's response to a request of the server's (a keep-alive ping), handed to its session here rather than
     * by the SDK's servlet, which answers 500 with the exception's text when no request of the session has its id.
     */
    private void answerToServer(HttpServletRequest request, HttpServletResponse response, MessageCheck.Message message)
            throws IOException {
        McpSchema.JSONRPCResponse answer;
        try {
            answer = json.mcp().readValue(new String(message.body(), StandardCharsets.UTF_8),
                    McpSchema.JSONRPCResponse.class);
        } catch (IOException | RuntimeException e) {
            answer = null;
        }
        if (answer != null && sessions.answered(request.getHeader(SESSION_HEADER), answer)) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        rpcError(response, HttpServletResponse.SC_BAD_REQUEST, McpSchema.ErrorCodes.INVALID_REQUEST,
                "no request of the server's is waiting for this response (its id is unknown)", message.id());
    }

    /** A JSON-RPC error response as the whole answer; {@code id} is the request's, when it was readable. */
    private void rpcError(HttpServletResponse response, int status, int code, String message, JsonNode id)
            throws IOException {
        answers.error(response, status, code, message, id, null);
    }

    /** What the cap of sessions counts by: the API key (MCP accepts nothing else), else the user. */
    private static String keyOf(Caller caller) {
        return caller.apiKeyId() != null ? caller.apiKeyId() : "user:" + caller.userId().value();
    }

    /** A client's method name, safe for a log line. */
    private static String printable(String method) {
        return Printable.of(method, "/_.-");
    }

    /**
     * The challenge of a 401 (API.md §9, MCP "Credentials"): {@code invalid_token} and a description, also when no
     * key was sent (where RFC 6750 would leave them out), because the description is what an MCP client shows — and
     * no {@code resource_metadata}: there is no OAuth to discover, and pointing at a document that does not exist
     * sends OAuth-capable clients into a registration that cannot succeed.
     */
    static String challenge(boolean keyRejected) {
        return "Bearer realm=\"rpa-openapi\", error=\"invalid_token\", error_description=\""
                + (keyRejected ? "the API key is not valid" : "an API key is required") + "; " + API_KEYS_ONLY + "\"";
    }

    /** Only API keys: MCP clients are not behind the console's gateway (API.md §6). */
    private static Credentials credentials(HttpServletRequest request, String requestId) {
        return new Credentials(null, null, request.getHeader("Authorization"), request.getHeader("X-API-Key"),
                queryParameter(request.getQueryString(), "key"), request.getRemoteAddr(),
                request.getHeader("X-Forwarded-For"), requestId);
    }

    /** Read from the raw query string: asking the container could make it read a form body. */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return pair.substring(eq + 1);
                }
            }
        }
        return null;
    }

    /** The error envelope of API.md §1. */
    private void refuse(HttpServletResponse response, int status, String type, String message, String requestId)
            throws IOException {
        refuse(response, status, type, message, requestId, null);
    }

    /** The REST error envelope (API.md §1), with {@code error.required_scope} when a scope is missing. */
    private void refuse(HttpServletResponse response, int status, String type, String message, String requestId,
                        Scope requiredScope) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("fields", List.of());
        if (requiredScope != null) {
            error.put("required_scope", requiredScope.wire());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "5001");
        body.put("msg", message);
        body.put("data", null);
        body.put("error", error);
        body.put("request_id", requestId);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.write(body));
    }
}
