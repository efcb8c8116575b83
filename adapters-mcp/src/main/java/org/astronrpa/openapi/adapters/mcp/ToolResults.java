package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.shared.Conflict;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.NotFound;
import org.astronrpa.openapi.domain.shared.NotPermitted;
import org.astronrpa.openapi.domain.shared.Throttled;
import org.astronrpa.openapi.domain.shared.Unauthorized;
import org.astronrpa.openapi.domain.shared.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where outcomes become tool results: structured content with the same JSON as text, refusals the
 * agent can act on as {@code isError} results, and anything unexpected as a JSON-RPC error without internals.
 */
final class ToolResults {
    private static final Logger LOG = LoggerFactory.getLogger(ToolResults.class);

    /** Where an {@code isError} refusal carries its code. */
    static final String ERROR_CODE = "error_code";

    private final Json json;

    ToolResults(Json json) {
        this.json = json;
    }

    McpSchema.CallToolResult structured(Map<String, Object> content, boolean isError) {
        return McpSchema.CallToolResult.builder()
                .structuredContent(content)
                .addTextContent(json.write(content))
                .isError(isError)
                .build();
    }

    /** A refusal the agent can act on: the sentence as text, and the category's code in {@code _meta.error_code}. */
    McpSchema.CallToolResult refusal(String code, String sentence) {
        return McpSchema.CallToolResult.builder().addTextContent(sentence).isError(true)
                .meta(Map.of(ERROR_CODE, code)).build();
    }

    /**
     * A failure of a tool call: the domain's refusals as {@code isError} results with the code of their category —
     * the REST {@code error.type} in capitals — and the REST message (field names passed through {@code fieldName},
     * so that a workflow tool's {@code params.amount} reads {@code amount}); the rest is logged and thrown as an
     * internal JSON-RPC error quoting the request id.
     */
    McpSchema.CallToolResult failure(RuntimeException failure, UnaryOperator<String> fieldName, String requestId) {
        return switch (failure) {
            case DomainException refused -> refused(refused, fieldName, requestId);
            case McpError e -> throw e;
            default -> {
                LOG.error("tool call failed", failure);
                throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                        .message("internal error; quote request id " + requestId).build();
            }
        };
    }

    /** Each category, and only the category, decides the result; the compiler checks that all are here. */
    private McpSchema.CallToolResult refused(DomainException refused, UnaryOperator<String> fieldName, String requestId) {
        return switch (refused) {
            case InvalidInput invalid -> refusal("VALIDATION", "Invalid arguments: " + invalid.errors().stream()
                    .map(e -> fieldName.apply(e.field()) + ": " + e.message()).collect(Collectors.joining("; ")));
            case NotFound e -> refusal("NOT_FOUND", e.getMessage());
            case Conflict e -> refusal("CONFLICT", e.getMessage());
            case Unauthorized e -> refusal("UNAUTHORIZED", e.getMessage());
            case NotPermitted e -> refusal("FORBIDDEN", e.getMessage());
            case Throttled e -> refusal("RATE_LIMITED", e.getMessage());
            case Unavailable e -> {
                LOG.warn("tool call failed: the {} does not answer ({})", e.dependency(), String.valueOf(e.getCause()));
                yield refusal("UNAVAILABLE", e.getMessage() + " (request id " + requestId + ")");
            }
        };
    }
}
