package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
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
     * The body of the transport's own HTTP error answers (missing session id, malformed message…): a JSON-RPC
     * error object. Serialised as a bean, the exception would carry its stack trace to the client.
     */
    private static final class ErrorBody extends ValueSerializer<McpError> {
        @Override
        public void serialize(McpError error, JsonGenerator out, SerializationContext context) {
            out.writeStartObject();
            out.writeStringProperty("jsonrpc", "2.0");
            out.writeNullProperty("id");
            out.writeName("error");
            out.writeStartObject();
            int code = error.getJsonRpcError() == null ? -32603 : error.getJsonRpcError().code();
            out.writeNumberProperty("code", code);
            out.writeStringProperty("message", error.getMessage() == null ? "error" : error.getMessage());
            out.writeEndObject();
            out.writeEndObject();
        }
    }
}
