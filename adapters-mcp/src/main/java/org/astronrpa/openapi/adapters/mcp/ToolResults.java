package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.execution.ExecutionAlreadyFinished;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.IdempotencyConflict;
import org.astronrpa.openapi.domain.execution.WorkflowInactive;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where outcomes become tool results: structured content with the same JSON as text, refusals the
 * agent can act on as {@code isError} results, and anything unexpected as a JSON-RPC error without internals.
 */
final class ToolResults {
    private static final Logger LOG = LoggerFactory.getLogger(ToolResults.class);

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

    McpSchema.CallToolResult refusal(String sentence) {
        return McpSchema.CallToolResult.builder().addTextContent(sentence).isError(true).build();
    }

    /**
     * A failure of a tool call: the domain's refusals as {@code isError} results (field names passed through
     * {@code fieldName}, so that a workflow tool's {@code params.amount} reads {@code amount}); the rest is logged
     * and thrown as an internal JSON-RPC error quoting the request id.
     */
    McpSchema.CallToolResult failure(RuntimeException failure, UnaryOperator<String> fieldName, String requestId) {
        return switch (failure) {
            case InvalidInput invalid -> refusal("Invalid arguments: " + invalid.errors().stream()
                    .map(e -> fieldName.apply(e.field()) + ": " + e.message()).collect(Collectors.joining("; ")));
            case WorkflowNotFound e -> refusal(e.getMessage());
            case WorkflowInactive e -> refusal(e.getMessage());
            case ExecutionNotFound e -> refusal(e.getMessage());
            case ExecutionAlreadyFinished e -> refusal(e.getMessage());
            case IdempotencyConflict e -> refusal(e.getMessage());
            case ConcurrentUpdate e -> refusal(e.getMessage());
            case McpError e -> throw e;
            default -> {
                LOG.error("tool call failed", failure);
                throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                        .message("internal error; quote request id " + requestId).build();
            }
        };
    }
}
