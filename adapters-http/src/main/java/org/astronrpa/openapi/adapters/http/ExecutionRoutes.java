package org.astronrpa.openapi.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.execution.AwaitExecution;
import org.astronrpa.openapi.application.execution.CancelExecution;
import org.astronrpa.openapi.application.execution.ContractStart;
import org.astronrpa.openapi.application.execution.GetExecution;
import org.astronrpa.openapi.application.execution.ListExecutions;
import org.astronrpa.openapi.application.execution.ReadExecutionLogs;
import org.astronrpa.openapi.application.execution.StartBatch;
import org.astronrpa.openapi.application.execution.StartContractExecution;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.execution.StartExecutionCommand;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import tools.jackson.databind.ObjectMapper;

/** {@code /executions}: API.md §3, plus the original service's execute routes (§7). */
final class ExecutionRoutes {
    static final int MAX_WAIT_SECONDS = 300;
    private static final Pattern PREFER_WAIT = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*([^,;\\s]*)");

    private final StartExecution startExecution;
    private final StartBatch startBatch;
    private final AwaitExecution awaitExecution;
    private final GetExecution getExecution;
    private final org.astronrpa.openapi.application.execution.GetSnapshot getSnapshot;
    private final org.astronrpa.openapi.application.execution.ContractCancelExecution contractCancelExecution;
    private StartContractExecution startContract;
    private final ListExecutions listExecutions;
    private final CancelExecution cancelExecution;
    private final ReadExecutionLogs readLogs;
    private final Authentication auth;
    private final ObjectMapper mapper;

    /** Checks a request's {@code callback} (its URL's scheme as WEBHOOK_ALLOW_HTTP says). */
    private final java.util.function.BiFunction<String, java.util.List<String>,
            org.astronrpa.openapi.domain.execution.ExecutionCallback> callbacks;

    ExecutionRoutes(StartExecution startExecution, StartBatch startBatch, AwaitExecution awaitExecution, GetExecution getExecution,
                    org.astronrpa.openapi.application.execution.GetSnapshot getSnapshot,
                    org.astronrpa.openapi.application.execution.ContractCancelExecution contractCancelExecution,
                    ListExecutions listExecutions, CancelExecution cancelExecution, ReadExecutionLogs readLogs,
                    Authentication auth, ObjectMapper mapper,
                    java.util.function.BiFunction<String, java.util.List<String>,
                            org.astronrpa.openapi.domain.execution.ExecutionCallback> callbacks) {
        this.callbacks = callbacks;
        this.startExecution = startExecution;
        this.startBatch = startBatch;
        this.awaitExecution = awaitExecution;
        this.getExecution = getExecution;
        this.getSnapshot = getSnapshot;
        this.contractCancelExecution = contractCancelExecution;
        this.listExecutions = listExecutions;
        this.cancelExecution = cancelExecution;
        this.readLogs = readLogs;
        this.auth = auth;
        this.mapper = mapper;
    }

    record One(ExecutionJson execution) {
    }

    /** Contract starts ({@code POST /workflows/execute-async?contract=1}); without, that route answers 404. */
    ExecutionRoutes withContractStarts(StartContractExecution starts) {
        this.startContract = starts;
        return this;
    }

    record LogRecord(long seq, String time, String level, String message) {
        static LogRecord from(LogLine line) {
            return new LogRecord(line.seq(), Times.format(line.time()), line.level(), line.message());
        }
    }

    record Logs(List<LogRecord> records, @com.fasterxml.jackson.annotation.JsonProperty("next_after") long nextAfter) {
    }

    record ExecutionIdOnly(String executionId) {
    }

    void register(RoutesConfig routes) {
        routes.post("/executions", auth.required(Scope.EXECUTIONS_RUN, this::start));
        routes.get("/executions", auth.required(Scope.EXECUTIONS_READ, this::list));
        routes.get("/executions/{id}", auth.required(Scope.EXECUTIONS_READ, this::get));
        routes.post("/executions/{id}/cancel", auth.required(Scope.EXECUTIONS_CANCEL, this::cancel));
        routes.get("/executions/{id}/logs", auth.required(Scope.EXECUTIONS_READ, this::logs));
        routes.post("/workflows/execute", CompatRoutes.compat(auth.required(Scope.EXECUTIONS_RUN, this::executeCompat)));
        routes.post("/workflows/execute-async", CompatRoutes.compat(auth.required(Scope.EXECUTIONS_RUN, this::executeAsyncCompat)));
    }

    record Batch(@com.fasterxml.jackson.annotation.JsonProperty("batch_id") String batchId,
                 List<ExecutionJson> executions) {
    }

    private void start(Context ctx, Caller caller) {
        Duration wait = waitOf(ctx, true);
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String strategy = body.text("strategy");
        if (strategy != null && !strategy.equals("one") && !strategy.equals("all")) {
            body.errors().add("strategy", "must be one (one robot runs it, the default) or all (one execution per "
                    + "matching robot connected now)");
        }
        StartExecutionCommand command = command(body, caller).withIdempotencyKey(idempotencyKey(ctx));
        if ("all".equals(strategy)) {
            StartBatch.Batch batch = startBatch.start(caller, command);   // answered at once, whatever wait says
            ctx.status(202).json(Envelope.ok(new Batch(batch.batchId(),
                    batch.executions().stream().map(ExecutionJson::from).toList())));
            return;
        }
        Execution execution = startExecution.start(caller, command);
        Execution answered = awaitExecution.await(execution, wait);
        ctx.header("Location", "/executions/" + answered.id().value());
        ctx.status(answered.status().isTerminal() ? 200 : 202).json(Envelope.ok(new One(ExecutionJson.from(answered))));
    }

    private StartExecutionCommand command(Context ctx, Caller caller) {
        return command(JsonRequest.read(ctx, mapper), caller).withIdempotencyKey(idempotencyKey(ctx));
    }

    private StartExecutionCommand command(JsonRequest body, Caller caller) {
        String projectId = body.textOrInteger("project_id");
        String params = body.object("params");
        String execPosition = body.text("exec_position");
        Long timeout = body.integer("timeout_seconds");
        var target = body.target("target");
        JsonRequest.CallbackFields callback = body.callback("callback");
        FieldErrors errors = body.errors();
        StartExecutionCommand command = errors.collect(() -> StartExecutionCommand.of(caller.userId(), projectId,
                params, execPosition, timeout));
        var checked = callback == null ? null : errors.collect(() -> callbacks.apply(callback.url(),
                callback.events()));
        errors.throwIfAny();
        return command.withTarget(target).withCallback(checked);
    }

    private void get(Context ctx, Caller caller) {
        if (contract(ctx)) {
            if (ctx.queryParam("wait") != null) {
                throw InvalidInput.of("wait", "is not taken with contract=1: read the snapshot again instead");
            }
            ctx.json(Envelope.ok(new SnapshotJson.Data(SnapshotJson.from(getSnapshot.get(caller, ctx.pathParam("id"))))));
            return;
        }
        Execution execution = getExecution.get(caller, ctx.pathParam("id"), waitOf(ctx, false));
        ctx.json(Envelope.ok(new One(ExecutionJson.from(execution))));
    }

    /**
     * Whether the request asks for upstream astron-rpa's integration contract ({@code ?contract=1}): its refusals then
     * carry the contract's {@code detail} too.
     *
     * @throws InvalidInput for another value of {@code contract}
     */
    static boolean contract(Context ctx) {
        String contract = ctx.queryParam("contract");
        if (contract == null) {
            return false;
        }
        if (!contract.equals("1")) {
            throw InvalidInput.of("contract", "must be 1 (upstream astron-rpa's integration contract), or absent");
        }
        ctx.attribute(ErrorMapping.CONTRACT_ATTRIBUTE, true);
        return true;
    }

    private void list(Context ctx, Caller caller) {
        FieldErrors errors = new FieldErrors();
        var page = errors.collect(() -> Paging.of(ctx));
        var filter = errors.collect(() -> filter(ctx));
        String cursor = Paging.cursor(ctx, errors);
        errors.throwIfAny();
        ListExecutions.Listed listed = listExecutions.list(caller, filter, page, cursor);
        ctx.json(Envelope.ok(CursorPageJson.from(listed.page(), ExecutionJson::from, listed.nextCursor())));
    }

    /** The filters of {@code GET /executions}; {@code status} takes several states, comma-separated or repeated. */
    private static ExecutionFilter filter(Context ctx) {
        FieldErrors errors = new FieldErrors();
        String projectId = ctx.queryParam("project_id");
        ProjectId project = projectId == null || projectId.isBlank() ? null : errors.collect(() -> new ProjectId(projectId));
        Set<ExecutionStatus> statuses = EnumSet.noneOf(ExecutionStatus.class);
        for (String value : ctx.queryParams("status")) {
            for (String name : value.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    statuses.add(ExecutionStatus.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    errors.add("status", "must be one or more (comma-separated) of PENDING, RUNNING, COMPLETED,"
                            + " FAILED, CANCELLED");
                }
            }
        }
        String errorCode = ctx.queryParam("error_code");
        ErrorCode code = null;
        if (errorCode != null && !errorCode.isBlank()) {
            try {
                code = ErrorCode.valueOf(errorCode.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("error_code", "must be one of " + Arrays.stream(ErrorCode.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")));
            }
        }
        Instant after = errors.collect(() -> instantParam(ctx, "started_after"));
        Instant before = errors.collect(() -> instantParam(ctx, "started_before"));
        errors.throwIfAny();
        return new ExecutionFilter(project, statuses, ctx.queryParam("robot_id"), code, after, before,
                ctx.queryParam("batch_id"));
    }

    private static Instant instantParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : Times.parse(name, raw.strip());
    }

    /**
     * Our cancel, answering the execution and its contract snapshot (upstream's n8n node calls this route without
     * {@code contract} and reads {@code data.snapshot}; null when the contract does not show the execution); with
     * {@code ?contract=1} the contract's cancel, which cancels only what can be confirmed.
     */
    private void cancel(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        if (contract(ctx)) {
            ctx.json(Envelope.ok(new SnapshotJson.Data(SnapshotJson.from(contractCancelExecution.cancel(caller, id)))));
            return;
        }
        Execution cancelled = cancelExecution.cancel(caller, id);
        SnapshotJson snapshot;
        try {
            snapshot = SnapshotJson.from(getSnapshot.get(caller, id));
        } catch (org.astronrpa.openapi.domain.execution.ExecutionNotFound hidden) {
            snapshot = null;   // its workflow is gone or inactive: the contract does not show it
        }
        ctx.json(Envelope.ok(new Cancelled(ExecutionJson.from(cancelled), snapshot)));
    }

    /** What our cancel answers: the execution, and the integration contract's view of it (or null). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record Cancelled(ExecutionJson execution, SnapshotJson snapshot) {
    }

    private void logs(Context ctx, Caller caller) {
        FieldErrors errors = new FieldErrors();
        Long after = errors.collect(() -> longParam(ctx, "after", 0));
        Long limit = errors.collect(() -> longParam(ctx, "limit", 100));
        errors.throwIfAny();
        List<LogLine> lines = readLogs.read(caller, ctx.pathParam("id"), after,
                (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, limit)));
        long next = lines.isEmpty() ? after : lines.get(lines.size() - 1).seq();
        ctx.json(Envelope.ok(new Logs(lines.stream().map(LogRecord::from).toList(), next)));
    }

    /** The original {@code POST /workflows/execute}: waits up to 300 s (or {@code ?wait=}) for the end. */
    private void executeCompat(Context ctx, Caller caller) {
        Duration wait = ctx.queryParam("wait") == null && ctx.header("Prefer") == null
                ? Duration.ofSeconds(MAX_WAIT_SECONDS) : waitOf(ctx, true);
        Execution execution = startExecution.start(caller, command(ctx, caller));
        Execution answered = awaitExecution.await(execution, wait);
        ctx.json(Envelope.ok(new One(ExecutionJson.from(answered))));
    }

    private void executeAsyncCompat(Context ctx, Caller caller) {
        if (contract(ctx)) {
            ctx.attribute(ErrorMapping.COMPAT_ATTRIBUTE, false);   // the contract's refusals have their own statuses
            if (startContract == null) {
                throw new ApiProblem(404, "not_found", "contract starts are not served by this service", List.of());
            }
            ExecutionSnapshot snapshot = startContract.start(caller, contractStart(ctx));
            ctx.status(202).json(Envelope.ok(new ContractStarted(snapshot.executionId(), SnapshotJson.from(snapshot))));
            return;
        }
        Execution execution = startExecution.start(caller, command(ctx, caller));
        ctx.json(Envelope.ok(new ExecutionIdOnly(execution.id().value())));
    }

    /** What a contract start answers: its execution's id and snapshot. */
    record ContractStarted(String executionId, SnapshotJson snapshot) {
    }

    private static final java.util.Set<String> CONTRACT_FIELDS = java.util.Set.of("project_id", "version", "params",
            "idempotency_key", "execution_timeout", "profile_revision", "capability_class", "exec_position",
            "recording_config");

    /** The contract start's body (upstream's snake_case names); an unknown field is refused, naming it. */
    private ContractStart contractStart(Context ctx) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        FieldErrors errors = body.errors();
        for (String name : body.fieldNames()) {
            if (!CONTRACT_FIELDS.contains(name)) {
                errors.add(name, "is not a field of a contract start");
            }
        }
        String projectId = body.textOrInteger("project_id");
        if (projectId == null) {
            errors.add("project_id", "is required");
        }
        Long version = body.integer("version");
        if (version != null && (version < 1 || version > Integer.MAX_VALUE)) {
            errors.add("version", "must be an integer of 1 or more");
        }
        String params = body.has("params") ? body.object("params") : null;
        String key = body.text("idempotency_key");
        if (key != null && (key.isEmpty() || key.length() > ContractStart.MAX_IDEMPOTENCY_KEY)) {
            errors.add("idempotency_key", "must be a string of 1 to " + ContractStart.MAX_IDEMPOTENCY_KEY + " characters");
        }
        Long timeout = body.integer("execution_timeout");
        if (timeout != null && (timeout < 1 || timeout > 86_400)) {
            errors.add("execution_timeout", "must be an integer from 1 to 86400");
        }
        String revision = body.text("profile_revision");
        String capabilityClass = body.text("capability_class");
        String execPosition = body.text("exec_position");
        String recording = body.json("recording_config");
        errors.throwIfAny();
        return new ContractStart(projectId, version, params, key, timeout == null ? null : timeout.intValue(),
                capabilityClass, revision, "rest", execPosition, recording);
    }

    /** The {@code Idempotency-Key} header: 1..255 characters, else 400. */
    private static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > org.astronrpa.openapi.domain.execution.IdempotencyRecord.MAX_KEY_LENGTH) {
            throw new ApiProblem(400, "bad_request", "the Idempotency-Key header must have 1 to 255 characters",
                    List.of(new org.astronrpa.openapi.domain.shared.FieldError("Idempotency-Key", "must have 1 to 255 characters")));
        }
        return key;
    }

    /** {@code ?wait=N} or, where allowed, {@code Prefer: wait=N} (RFC 7240): 0..300 seconds. */
    static Duration waitOf(Context ctx, boolean preferAllowed) {
        String raw = ctx.queryParam("wait");
        if (raw == null && preferAllowed && ctx.header("Prefer") != null) {
            Matcher m = PREFER_WAIT.matcher(ctx.header("Prefer"));
            if (m.find()) {
                raw = m.group(1);
            }
        }
        if (raw == null || raw.isBlank()) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(raw.strip());
            if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InvalidInput.of("wait", "must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS);
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw InvalidInput.of(name, "must be an integer");
        }
    }
}
