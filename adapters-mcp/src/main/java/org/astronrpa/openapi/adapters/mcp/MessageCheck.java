package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a {@code POST /mcp} and checks that it is one JSON-RPC message the MCP transport can take, before
 * the SDK parses it: the SDK answers a body it cannot map with the text of the Java exception (class names, a
 * {@code NullPointerException} and a 500 for the body {@code null}). So each refusal here says what is wrong in the
 * protocol's words: {@code -32700} for a body that is not JSON, {@code -32600} for JSON that is no JSON-RPC message
 * MCP takes (batches included: MCP 2025-06-18 has none), {@code -32602} for {@code params} of the wrong type.
 */
final class MessageCheck {
    private static final TypeRef<McpSchema.InitializeRequest> INITIALIZE = new TypeRef<>() {
    };
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Json json;
    private final int maxBytes;

    MessageCheck(Json json, int maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
    }

    /** What a check found: a message to hand on, or the refusal to answer. */
    sealed interface Checked permits Message, Refusal {
    }

    /** One JSON-RPC message, with its body as received; {@code method} is null for a response. */
    record Message(byte[] body, String method, JsonNode id) implements Checked {
        boolean initialize() {
            return McpSchema.METHOD_INITIALIZE.equals(method);
        }

        boolean notification() {
            return method != null && id == null;
        }
    }

    /** A JSON-RPC error to answer with this HTTP status; {@code id} is the request's when it could be read. */
    record Refusal(int status, int code, String message, JsonNode id) implements Checked {
    }

    /**
     * Reads at most {@code maxBytes}. A larger body is refused with 413 after up to {@link #drainBytes()} of it are
     * read and dropped: a client still sending would otherwise meet a reset connection (closed on unread data)
     * instead of the answer. A body declared larger than that is refused without reading.
     */
    Checked check(long contentLength, InputStream in) throws IOException {
        return check(contentLength, in, true);
    }

    /**
     * As {@link #check(long, InputStream)}; without {@code initializeChecked} an {@code initialize} is a message like
     * any other (MCP 2026-07-28 has none: {@link RequestScopedBinding} answers it as an unknown method).
     */
    Checked check(long contentLength, InputStream in, boolean initializeChecked) throws IOException {
        if (contentLength > maxBytes) {
            drain(in, contentLength <= drainBytes() ? contentLength : 0);
            return tooLarge();
        }
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            drain(in, drainBytes() - body.length);
            return tooLarge();
        }
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JacksonException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            return new Refusal(400, ErrorCodes.PARSE_ERROR, "Parse error: the body is not one JSON value", null);
        }
        return check(root, body, initializeChecked);
    }

    /** The refusal of a body that could not be read whole: the client went away, or sent less and stopped. */
    static Refusal unreadable(IOException e) {
        return new Refusal(timedOut(e) ? 408 : 400, ErrorCodes.PARSE_ERROR,
                "the body did not arrive whole (shorter than its Content-Length, or cut off)", null);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private Checked check(JsonNode root, byte[] body, boolean initializeChecked) {
        if (root.isArray()) {
            return invalid("batches (JSON arrays) are not supported: send one JSON-RPC message per request", null);
        }
        if (!root.isObject()) {
            return invalid("a JSON-RPC message is a JSON object", null);
        }
        JsonNode id = root.get("id");
        boolean idValid = id != null && (id.isString() || id.isIntegralNumber() && id.canConvertToLong());
        JsonNode echo = idValid ? id : null;
        if (!"2.0".equals(root.path("jsonrpc").stringValue(null))) {
            return invalid("\"jsonrpc\" must be \"2.0\"", echo);
        }
        if (id != null && !idValid) {
            return invalid("\"id\" must be a string or an integer (-2^63..2^63-1)", null);
        }
        JsonNode method = root.get("method");
        if (method != null) {
            if (!method.isString() || method.stringValue().isBlank()) {
                return invalid("\"method\" must be a non-empty string", echo);
            }
            JsonNode params = root.get("params");
            if (params != null && !params.isObject()) {
                return new Refusal(400, ErrorCodes.INVALID_PARAMS, "\"params\" must be an object", echo);
            }
            if (initializeChecked && McpSchema.METHOD_INITIALIZE.equals(method.stringValue())) {
                Refusal refused = checkInitialize(id, params);
                if (refused != null) {
                    return refused;
                }
            }
            return new Message(body, method.stringValue(), echo);
        }
        if (id != null && (root.has("result") || root.has("error"))) {
            return checkResponse(root, body, echo);
        }
        return invalid("not a JSON-RPC message: a request has \"method\" and \"id\", a notification \"method\", "
                + "a response \"id\" and \"result\" or \"error\"", echo);
    }

    private Refusal checkInitialize(JsonNode id, JsonNode params) {
        if (id == null) {
            return invalid("initialize is a request: it needs an \"id\"", null);
        }
        String expected = "initialize needs params {\"protocolVersion\": string, \"capabilities\": object, "
                + "\"clientInfo\": {\"name\": string, \"version\": string}}";
        if (params == null || !params.path("protocolVersion").isString()) {
            return new Refusal(400, ErrorCodes.INVALID_PARAMS, expected, id);
        }
        try {
            json.mcp().convertValue(params, INITIALIZE);
            return null;
        } catch (RuntimeException e) {
            return new Refusal(400, ErrorCodes.INVALID_PARAMS, expected, id);
        }
    }

    /** A client's answer to one of our requests (a keep-alive ping): exactly one of a result and a well-formed error. */
    private static Checked checkResponse(JsonNode root, byte[] body, JsonNode id) {
        if (root.has("result") == root.has("error")) {
            return invalid("a response has either \"result\" or \"error\"", id);
        }
        JsonNode error = root.get("error");
        if (error != null && !(error.isObject() && error.path("code").canConvertToInt()
                && error.path("code").isIntegralNumber() && error.path("message").isString())) {
            return invalid("\"error\" must be {\"code\": integer, \"message\": string}", id);
        }
        return new Message(body, null, id);
    }

    private static Refusal invalid(String message, JsonNode id) {
        return new Refusal(400, ErrorCodes.INVALID_REQUEST, message, id);
    }

    /** How much of a refused body is read and dropped so that the 413 reaches the client. */
    long drainBytes() {
        return 2L * maxBytes;
    }

    /** Reads and drops up to {@code atMost} bytes, fewer when the body ends first ({@link InputStream#skip}). */
    private static void drain(InputStream in, long atMost) throws IOException {
        if (atMost > 0) {
            in.skip(atMost);
        }
    }

    private Refusal tooLarge() {
        return new Refusal(413, ErrorCodes.INVALID_REQUEST, "the body is larger than " + maxBytes / 1024
                + " KiB", null);
    }
}
