package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP 2026-07-28's request-scoped binding of Streamable HTTP (API.md §6 and §9), on the endpoint of the SDK's
 * sessions, which the MCP Java SDK does not implement: each {@code POST} is one JSON-RPC message answered here with
 * one JSON response — no {@code initialize}, no {@code Mcp-Session-Id}, no event stream, no notifications to the
 * client. {@link CallerFilter} hands over, after authentication and rate limits, every request without a session
 * whose {@code MCP-Protocol-Version} header names no version of the sessions'; {@link #answer} checks Origin and Host
 * as the SDK does, then the version, the HTTP method, the body, the routing headers ({@code Mcp-Method},
 * {@code Mcp-Name}) against the body, and answers {@code server/discover}, {@code ping}, {@code tools/list} and
 * {@code tools/call} with {@link ToolHandlers}, as in a session.
 */
final class RequestScopedBinding {
    private static final Logger LOG = LoggerFactory.getLogger(RequestScopedBinding.class);
    static final String VERSION = "2026-07-28";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";
    /** The 2026-07-28 codes: routing headers missing or not matching the body; a protocol version not supported. */
    static final int HEADER_MISMATCH = -32020;
    static final int UNSUPPORTED_VERSION = -32022;
    static final String DISCOVER = "server/discover";
    private static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String BASE64_START = "=?base64?";
    private static final String BASE64_END = "?=";
    private static final TypeRef<LinkedHashMap<String, Object>> OBJECT = new TypeRef<>() {
    };

    private final List<String> sessionVersions;
    private final List<String> supported;
    private final ServerHttpHeaderValidator origins;
    private final MessageCheck messages;
    private final ToolHandlers tools;
    private final Json json;
    private final RpcAnswers answers;
    private final Map<String, Object> discovery;

    /**
     * @param sessionVersions the versions of the SDK's sessions (left to it); this binding adds {@link #VERSION}
     * @param origins         the SDK transport's Origin and Host check
     * @param server          the server's name and version, as {@code initialize} gives them
     * @param instructions    as {@code initialize} gives them
     */
    RequestScopedBinding(List<String> sessionVersions, ServerHttpHeaderValidator origins, MessageCheck messages,
                         ToolHandlers tools, Json json, McpSchema.Implementation server, String instructions) {
        this.sessionVersions = List.copyOf(sessionVersions);
        List<String> all = new ArrayList<>(sessionVersions);
        Collections.sort(all, Collections.reverseOrder());
        all.addFirst(VERSION);
        this.supported = List.copyOf(all);
        this.origins = origins;
        this.messages = messages;
        this.tools = tools;
        this.json = json;
        this.answers = new RpcAnswers(json);
        Map<String, Object> discovered = new LinkedHashMap<>();
        discovered.put("supportedVersions", supported);
        // tools only; without listChanged: this binding has no stream to tell of changes on
        discovered.put("capabilities", Map.of("tools", Map.of()));
        discovered.put("serverInfo", json.mcp().convertValue(server, OBJECT));
        discovered.put("instructions", instructions);
        this.discovery = complete(discovered);
    }

    /** The protocol versions served on the endpoint, newest first: this binding's, then the sessions'. */
    List<String> supported() {
        return supported;
    }

    /** Whether the request is this binding's: it names no session, and a protocol version the sessions do not speak. */
    boolean claims(HttpServletRequest request) {
        String version = request.getHeader(VERSION_HEADER);
        String session = request.getHeader(SESSION_HEADER);
        return version != null && (session == null || session.isBlank()) && !sessionVersions.contains(version.strip());
    }

    /** Answers a request this binding {@link #claims}, from an authenticated caller. */
    void answer(HttpServletRequest request, HttpServletResponse response, RequestContext caller) throws IOException {
        try {
            origins.validate(headersOf(request));
        } catch (ServerTransportSecurityException e) {
            LOG.info("MCP {} refused: {}", VERSION, e.getMessage());
            answers.error(response, e.getStatusCode(), ErrorCodes.INVALID_REQUEST, e.getMessage(), null, null);
            return;
        }
        String version = request.getHeader(VERSION_HEADER).strip();
        if (!VERSION.equals(version)) {
            answers.error(response, HttpServletResponse.SC_BAD_REQUEST, UNSUPPORTED_VERSION, "Unsupported protocol "
                    + "version in the MCP-Protocol-Version header; supported: " + String.join(", ", supported)
                    + " (" + VERSION + " without a session, the others after initialize)", null,
                    Map.of("supported", supported, "requested", printable(version)));
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            answers.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, ErrorCodes.INVALID_REQUEST, "MCP "
                    + VERSION + " has no sessions and no GET stream: send each request as a POST", null, null);
            return;
        }
        MessageCheck.Checked checked;
        try {
            checked = messages.check(request.getContentLengthLong(), request.getInputStream(), false);
        } catch (IOException e) {
            LOG.debug("MCP {} POST body not received: {}", VERSION, e.toString());
            checked = MessageCheck.unreadable(e);
        }
        if (checked instanceof MessageCheck.Refusal refusal) {
            answers.error(response, refusal.status(), refusal.code(), refusal.message(), refusal.id(), null);
            return;
        }
        answer(request, response, caller, (MessageCheck.Message) checked);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, RequestContext caller,
                        MessageCheck.Message message) throws IOException {
        if (message.method() == null) {
            answers.error(response, HttpServletResponse.SC_BAD_REQUEST, ErrorCodes.INVALID_REQUEST, "a response "
                    + "answers a request of the server's, and under " + VERSION + " this server sends none", message.id(),
                    null);
            return;
        }
        Map<String, Object> params = params(message);
        String mismatch = mismatch(request, message.method(), params);
        if (mismatch != null) {
            answers.error(response, HttpServletResponse.SC_BAD_REQUEST, HEADER_MISMATCH, mismatch, message.id(), null);
            return;
        }
        if (params.get("_meta") != null && !(params.get("_meta") instanceof Map<?, ?>)) {
            answers.error(response, HttpServletResponse.SC_BAD_REQUEST, ErrorCodes.INVALID_PARAMS,
                    "params._meta must be an object", message.id(), null);
            return;
        }
        if (message.notification()) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        dispatch(response, caller, message, params);
    }

    private void dispatch(HttpServletResponse response, RequestContext caller, MessageCheck.Message message,
                          Map<String, Object> params) throws IOException {
        Map<String, Object> result;
        try {
            result = switch (message.method()) {
                case DISCOVER -> discovery;
                case McpSchema.METHOD_PING -> complete(Map.of());
                case McpSchema.METHOD_TOOLS_LIST -> complete(json.mcp().convertValue(tools.list(caller), OBJECT));
                case McpSchema.METHOD_TOOLS_CALL -> complete(json.mcp().convertValue(
                        tools.call(caller, params, null, WorkflowCalls.Progress.NONE), OBJECT));
                default -> null;
            };
        } catch (McpError e) {
            McpSchema.JSONRPCResponse.JSONRPCError error = e.getJsonRpcError();
            int code = error == null ? ErrorCodes.INTERNAL_ERROR : error.code();
            answers.error(response, statusOf(code), code, e.getMessage(), message.id(),
                    error == null ? null : error.data());
            return;
        } catch (RuntimeException e) {
            LOG.error("MCP {} request failed", VERSION, e);
            answers.error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR,
                    "internal error; quote request id " + caller.requestId(), message.id(), null);
            return;
        }
        if (result == null) {
            answers.error(response, HttpServletResponse.SC_NOT_FOUND, ErrorCodes.METHOD_NOT_FOUND, "Method not found: "
                    + printable(message.method()) + " (MCP " + VERSION + " here: " + DISCOVER + ", ping, tools/list, "
                    + "tools/call)", message.id(), null);
            return;
        }
        answers.result(response, message.id(), result);
    }

    /**
     * Why the routing headers do not repeat the body, or {@code null} when they do: {@code Mcp-Method} is the
     * method, {@code Mcp-Name} the tool a {@code tools/call} names, {@code _meta}'s protocol version (when sent) the
     * header's.
     */
    private static String mismatch(HttpServletRequest request, String method, Map<String, Object> params) {
        String sentMethod = request.getHeader(METHOD_HEADER);
        if (sentMethod == null || sentMethod.isBlank()) {
            return "the Mcp-Method header is required: it repeats the body's method";
        }
        if (!method.equals(decoded(sentMethod))) {
            return "the Mcp-Method header does not match the body's method " + printable(method);
        }
        if (McpSchema.METHOD_TOOLS_CALL.equals(method)) {
            String sentName = request.getHeader(NAME_HEADER);
            if (sentName == null || sentName.isBlank()) {
                return "the Mcp-Name header is required on tools/call: it repeats params.name";
            }
            if (params.get("name") instanceof String name && !name.equals(decoded(sentName))) {
                return "the Mcp-Name header does not match params.name";
            }
        }
        if (params.get("_meta") instanceof Map<?, ?> meta && meta.containsKey(META_VERSION)
                && !VERSION.equals(meta.get(META_VERSION))) {
            return "params._meta[\"" + META_VERSION + "\"] does not match the MCP-Protocol-Version header (" + VERSION
                    + ")";
        }
        return null;
    }

    /** A header value as sent, or the text of its {@code =?base64?…?=} form; null when that is not valid Base64. */
    private static String decoded(String value) {
        String trimmed = value.strip();
        if (!trimmed.startsWith(BASE64_START) || !trimmed.endsWith(BASE64_END)
                || trimmed.length() < BASE64_START.length() + BASE64_END.length()) {
            return trimmed;
        }
        try {
            return new String(Base64.getDecoder().decode(trimmed.substring(BASE64_START.length(),
                    trimmed.length() - BASE64_END.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The message's params (an object when present: {@link MessageCheck} saw to that), empty when absent. */
    private Map<String, Object> params(MessageCheck.Message message) {
        Object params = json.object(new String(message.body(), StandardCharsets.UTF_8)).get("params");
        if (params instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) map;
            return members;
        }
        return Map.of();
    }

    /** A result of this revision: it says it is complete ({@code resultType}), as every 2026-07-28 result must. */
    private static Map<String, Object> complete(Map<String, Object> result) {
        Map<String, Object> complete = new LinkedHashMap<>();
        complete.put("resultType", "complete");
        complete.putAll(result);
        return complete;
    }

    /** The HTTP status of a protocol error: the client's to fix (4xx) but for an internal error. */
    private static int statusOf(int code) {
        return switch (code) {
            case ErrorCodes.METHOD_NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case ErrorCodes.INTERNAL_ERROR -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            default -> HttpServletResponse.SC_BAD_REQUEST;
        };
    }

    private static HeaderAccessor headersOf(HttpServletRequest request) {
        return new HeaderAccessor() {
            @Override
            public List<String> getHeader(String name) {
                return Collections.list(request.getHeaders(name));
            }

            @Override
            public List<String> getHeaderNames() {
                return Collections.list(request.getHeaderNames());
            }
        };
    }

    /** A client's text, safe to quote in a message or a log line. */
    private static String printable(String text) {
        return Printable.of(text, "/_.:-");
    }
}
