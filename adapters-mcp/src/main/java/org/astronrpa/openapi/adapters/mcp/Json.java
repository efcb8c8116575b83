package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The adapter's one JSON mapper, for the MCP wire and for the JSON text the domain keeps. */
final class Json {
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final JsonMapper mapper;
    private final McpJsonMapper mcp;

    Json() {
        SimpleModule errors = new SimpleModule("mcp-errors").addSerializer(McpError.class, new ErrorBody());
        this.mapper = JsonMapper.builder().addModule(errors).build();
        this.mcp = new JacksonMcpJsonMapper(mapper);
    }

    McpJsonMapper mcp() {
        return mcp;
    }

    /** A JSON object's text as an ordered map. */
    Map<String, Object> object(String json) {
        return mapper.readValue(json, OBJECT);
    }

    /** Any JSON value's text as maps, lists, strings, numbers, booleans or {@code null}. */
    Object value(String json) {
        return json == null ? null : mapper.readValue(json, Object.class);
    }

    String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    /**
     * The body of the transport's own HTTP error answers (missing session id, wrong Accept header…): a JSON-RPC error
     * object. Serialised as a bean, the exception would carry its stack trace to the client. {@link CallerFilter}
     * answers malformed messages and unknown sessions before the transport sees them; should the transport still
     * answer one of those itself, its text (which quotes the exception of the JSON mapper) is replaced here, and a
     * transport error is never "method not found".
     */
    private static final class ErrorBody extends ValueSerializer<McpError> {
        /** The transport's messages that go on with an exception's text, and what to say instead. */
        private static final Map<String, String> REPLACED = Map.of(
                "Invalid message format", "invalid JSON-RPC message",
                "Session not found", CallerFilter.SESSION_NOT_FOUND,
                "Error processing message", "internal error",
                "Failed to initialize session", "internal error");

        @Override
        public void serialize(McpError error, JsonGenerator out, SerializationContext context) {
            int code = error.getJsonRpcError() == null ? ErrorCodes.INTERNAL_ERROR : error.getJsonRpcError().code();
            String message = error.getMessage() == null ? "error" : error.getMessage();
            for (Map.Entry<String, String> replaced : REPLACED.entrySet()) {
                if (message.startsWith(replaced.getKey())) {
                    message = replaced.getValue();
                    code = message.equals("internal error") ? ErrorCodes.INTERNAL_ERROR : ErrorCodes.INVALID_REQUEST;
                }
            }
            out.writeStartObject();
            out.writeStringProperty("jsonrpc", "2.0");
            out.writeNullProperty("id");
            out.writeName("error");
            out.writeStartObject();
            out.writeNumberProperty("code", code == ErrorCodes.METHOD_NOT_FOUND ? ErrorCodes.INVALID_REQUEST : code);
            out.writeStringProperty("message", message);
            out.writeEndObject();
            out.writeEndObject();
        }
    }
}
