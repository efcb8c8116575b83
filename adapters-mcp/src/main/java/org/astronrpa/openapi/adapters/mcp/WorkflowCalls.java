package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.execution.AwaitExecution;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.execution.StartExecutionCommand;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call of a workflow's tool: starts an execution with the arguments as its params (the schema check is
 * StartExecution's), then waits up to {@code MCP_WAIT_SECONDS} for its end, reporting progress when the client
 * gave a progress token and its binding can carry them. Whatever happens to the request, the execution is left alone: an agent that gave up
 * finds it again with {@code rpa_get_execution}, or by calling again with the same idempotency key.
 */
final class WorkflowCalls {
    /** Where a call carries its idempotency key: tool arguments belong to the workflow's schema. */
    static final String IDEMPOTENCY_KEY_META = "idempotency_key";
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowCalls.class);

    private final StartExecution start;
    private final AwaitExecution await;
    private final McpSettings settings;
    private final Json json;
    private final Outputs outputs;
    private final ToolResults results;

    /** Where a waiting call's progress notifications go: the call's own response stream in a session. */
    @FunctionalInterface
    interface Progress {
        /** A binding that carries no notifications (MCP 2026-07-28's JSON answers): the call just waits. */
        Progress NONE = notification -> {
        };

        void send(McpSchema.ProgressNotification notification);
    }

    WorkflowCalls(StartExecution start, AwaitExecution await, McpSettings settings, Json json, Outputs outputs,
                  ToolResults results) {
        this.start = start;
        this.await = await;
        this.settings = settings;
        this.json = json;
        this.outputs = outputs;
        this.results = results;
    }

    /** The execution as it ended (FAILED/CANCELLED as {@code isError}), or as it is when the wait ran out. */
    McpSchema.CallToolResult call(Workflow workflow, Caller caller, McpSchema.CallToolRequest request,
                                  Progress progress) {
        String params = json.write(request.arguments() == null ? Map.of() : request.arguments());
        StartExecutionCommand command = StartExecutionCommand.of(caller.userId(), workflow.projectId().value(), params,
                        null, null)
                .withIdempotencyKey(idempotencyKey(request.meta()));
        // within the caller's key's grant: its max_concurrent_executions counts this run too
        Object token = progress == Progress.NONE ? null : request.progressToken();
        Execution ended = awaitEnd(start.start(caller, command), token, progress);
        boolean failed = ended.status() == ExecutionStatus.FAILED || ended.status() == ExecutionStatus.CANCELLED;
        return results.structured(outputs.execution(ended), failed);
    }

    /** A workflow tool's arguments are the execution's params: {@code params.amount} is the argument {@code amount}. */
    static String argumentName(String field) {
        if (field.equals("params")) {
            return "arguments";
        }
        return field.startsWith("params.") ? field.substring("params.".length()) : field;
    }

    private static String idempotencyKey(Map<String, Object> meta) {
        Object key = meta == null ? null : meta.get(IDEMPOTENCY_KEY_META);
        if (key == null) {
            return null;
        }
        if (!(key instanceof String text) || text.isEmpty() || text.length() > IdempotencyRecord.MAX_KEY_LENGTH) {
            throw InvalidInput.of("_meta." + IDEMPOTENCY_KEY_META,
                    "must be a string of 1 to " + IdempotencyRecord.MAX_KEY_LENGTH + " characters");
        }
        return text;
    }

    private Execution awaitEnd(Execution started, Object progressToken, Progress progress) {
        long begin = System.nanoTime();
        Execution current = started;
        progress(progressToken, progress, current, 0);
        while (!current.status().isTerminal()) {
            Duration left = settings.maxWait().minusNanos(System.nanoTime() - begin);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            Duration slice = progressToken == null || left.compareTo(settings.progressInterval()) < 0
                    ? left : settings.progressInterval();
            long sliceEnd = System.nanoTime() + slice.toNanos();
            current = await.await(current, slice);
            if (!current.status().isTerminal() && System.nanoTime() < sliceEnd) {
                break;   // answered early without an end: the service stops; answer with the execution as it is
            }
            if (!current.status().isTerminal()) {
                progress(progressToken, progress, current, System.nanoTime() - begin);
            }
        }
        return current;
    }

    /** Best effort: a client that left does not stop the wait, nor the execution. */
    private void progress(Object token, Progress sink, Execution current, long waitedNanos) {
        if (token == null) {
            return;
        }
        double waited = waitedNanos / 1e9;
        String message = "execution " + current.id().value() + " is " + current.status().name() + " (waited "
                + Math.round(waited) + " s of up to " + settings.maxWait().toSeconds() + " s)";
        try {
            sink.send(new McpSchema.ProgressNotification(token, waited, (double) settings.maxWait().toSeconds(),
                    message, null));
        } catch (RuntimeException e) {
            LOG.debug("progress for execution {} not delivered: {}", current.id().value(), e.toString());
        }
    }
}
