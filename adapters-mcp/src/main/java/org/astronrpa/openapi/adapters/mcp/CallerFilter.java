package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpError;
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
import java.util.UUID;
import java.util.regex.Pattern;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.auth.Credentials;
import org.astronrpa.openapi.application.auth.Unauthenticated;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.astronrpa.openapi.domain.apikey.ApiKeyRejected;
import org.astronrpa.openapi.domain.ratelimit.RateLimited;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs before the MCP servlet on every {@code /mcp} request: gives it a request id, authenticates the API key
 * (bearer, {@code X-API-Key} or {@code ?key=}) and counts it against the rate limits. A missing or bad key is
 * answered 401 here, so no MCP processing happens for it. A request naming ({@code Mcp-Session-Id}) a session that
 * another user's key initialized — any method: {@code POST}, the listening stream's {@code GET}, {@code DELETE} — is
 * answered here as the SDK answers an unknown session (404), so a key can neither use, listen to nor end another
 * user's session, and the answer does not tell that the session exists. (Only the order differs: the SDK checks a
 * request's Origin, Accept header, size and JSON before it looks the session up, and this refusal comes first.)
 */
final class CallerFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(CallerFilter.class);
    private static final String REQUEST_ID_HEADER = "X-Request-ID";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String MDC_KEY = "request_id";
    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private final AuthenticateCaller authenticate;
    private final LimitRequests limits;
    private final Sessions sessions;
    private final Json json;

    CallerFilter(AuthenticateCaller authenticate, LimitRequests limits, Sessions sessions, Json json) {
        this.authenticate = authenticate;
        this.limits = limits;
        this.sessions = sessions;
        this.json = json;
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
            String sessionId = request.getHeader(SESSION_HEADER);
            if (sessionId != null && !sessions.mayUse(sessionId, caller.userId())) {
                LOG.info("MCP {} refused: session {} belongs to another user than {}", request.getMethod(),
                        Sessions.logged(sessionId), caller.userId());
                sessionNotFound(request, response, sessionId);
                return;
            }
            request.setAttribute(RequestContext.CALLER_ATTRIBUTE, caller);
            request.setAttribute(RequestContext.REQUEST_ID_ATTRIBUTE, requestId);
            sessions.opening(caller.userId(), () -> chain.doFilter(request, response));
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The authenticated caller, or {@code null} after answering the refusal. */
    private Caller admit(HttpServletRequest request, HttpServletResponse response, String requestId) throws IOException {
        try {
            Caller caller = authenticate.authenticate(credentials(request));
            limits.admit(caller).ifPresent(decision -> LimitRequests.answerHeaders(decision).forEach(response::setHeader));
            return caller;
        } catch (Unauthenticated | ApiKeyRejected e) {
            LOG.info("MCP {} refused: {}", request.getMethod(), e instanceof ApiKeyRejected rejected
                    ? "API key " + rejected.reason() : e.getMessage());
            response.setHeader("WWW-Authenticate", e instanceof ApiKeyRejected
                    ? "Bearer realm=\"rpa-openapi\", error=\"invalid_token\"" : "Bearer realm=\"rpa-openapi\"");
            refuse(response, 401, "unauthorized", e.getMessage(), requestId);
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
     * The SDK transport's own answer to a session it does not know: for {@code POST} its JSON-RPC error with the
     * id as sent, for {@code GET} and {@code DELETE} a bare 404 (the container's error page).
     */
    private void sessionNotFound(HttpServletRequest request, HttpServletResponse response, String sessionId)
            throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.write(McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                .message("Session not found: " + sessionId).build()));
    }

    /** Only API keys: MCP clients are not behind the console's gateway (API.md §6). */
    private static Credentials credentials(HttpServletRequest request) {
        return new Credentials(null, null, request.getHeader("Authorization"), request.getHeader("X-API-Key"),
                queryParameter(request.getQueryString(), "key"));
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
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("fields", List.of());
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
