package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A JSON-RPC message as the whole answer to an HTTP request ({@code application/json}): the refusals of
 * {@link CallerFilter}, and every answer of {@link RequestScopedBinding}.
 */
final class RpcAnswers {
    private final Json json;

    RpcAnswers(Json json) {
        this.json = json;
    }

    /** An error response; {@code id} is the request's when it could be read, {@code data} is left out when null. */
    void error(HttpServletResponse response, int status, int code, String message, JsonNode id, Object data)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.put("data", data);
        }
        write(response, status, id, "error", error);
    }

    /** A result response, HTTP 200. */
    void result(HttpServletResponse response, JsonNode id, Map<String, Object> result) throws IOException {
        write(response, HttpServletResponse.SC_OK, id, "result", result);
    }

    private void write(HttpServletResponse response, int status, JsonNode id, String member, Object value)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.put("id", id);
        body.put(member, value);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.write(body));
    }
}
