package org.astronrpa.openapi.application.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.robot.Targets;
import org.astronrpa.openapi.domain.apikey.TooManyRuns;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.IdempotencyConflict;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.domain.execution.ImmediateDispatch;
import org.astronrpa.openapi.domain.execution.WorkflowInactive;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Accepts an execution of one of the caller's active workflows and queues it for the caller's robots. */
public final class StartExecution {

    /** The defaults from configuration: run timeout, and how long to wait for a robot (0 = fail at once). */
    public record Settings(ExecutionTimeout defaultTimeout, Duration dispatchTimeout) {
    }

    /** How long an Idempotency-Key is remembered. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    /**
     * Where a start's idempotency key is kept and for how long: our routes' keys for {@link #IDEMPOTENCY_WINDOW}; the
     * integration contract's for good, in a store of their own ({@code window} null).
     *
     * @param fingerprint what the same request has in common, to tell another request with the same key
     * @param conflict    the refusal of another request with the same key
     */
    record KeyScope(IdempotencyStore store, Duration window, String fingerprint,
                    java.util.function.Supplier<RuntimeException> conflict) {
        Instant notBefore(Instant now) {
            return window == null ? Instant.EPOCH : now.minus(window);
        }
    }

    private final WorkflowRepository workflows;
    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final IdempotencyStore idempotency;
    private final ParameterValidator validator;
    private final Dispatcher dispatcher;
    private final IdGenerator ids;
    private final TimeSource time;
    private final Settings settings;
    private final Targets targets;
    private final java.util.function.Consumer<org.astronrpa.openapi.domain.shared.UserId> callbackSecret;
    private final org.astronrpa.openapi.domain.apikey.KeyRuns keyRuns;

    /**
     * @param callbackSecret makes sure the caller has a callback secret, before an execution with a callback is
     *                       stored (its deliveries are signed with it)
     * @param keyRuns        the runs of keys that limit their unfinished runs, reserved before each start
     */
    public StartExecution(WorkflowRepository workflows, ExecutionRepository executions, ExecutionChanges changes,
                          IdempotencyStore idempotency, ParameterValidator validator, Dispatcher dispatcher,
                          IdGenerator ids, TimeSource time, Settings settings, Targets targets,
                          java.util.function.Consumer<org.astronrpa.openapi.domain.shared.UserId> callbackSecret,
                          org.astronrpa.openapi.domain.apikey.KeyRuns keyRuns) {
        this.callbackSecret = callbackSecret;
        this.keyRuns = keyRuns;
        this.workflows = workflows;
        this.executions = executions;
        this.changes = changes;
        this.idempotency = idempotency;
        this.validator = validator;
        this.dispatcher = dispatcher;
        this.ids = ids;
        this.time = time;
        this.settings = settings;
        this.targets = targets;
    }

    Execution start(StartExecutionCommand command) {
        return start(command, null);
    }

    /**
     * As {@link #start(StartExecutionCommand)}, within the caller's key's grant: a workflow outside its allow-list is
     * not found, and a key at its {@code max_concurrent_executions} is refused ({@link TooManyRuns}) before anything
     * is stored.
     */
    public Execution start(Caller caller, StartExecutionCommand command) {
        if (!caller.grant().sees(command.projectId())) {
            throw new WorkflowNotFound(command.projectId());
        }
        return startReserved(caller, List.of(command), null).getFirst();
    }

    /** As {@link #start(Caller, StartExecutionCommand)}, its idempotency key kept in {@code keys}. */
    Execution start(Caller caller, StartExecutionCommand command, KeyScope keys) {
        if (!caller.grant().sees(command.projectId())) {
            throw new WorkflowNotFound(command.projectId());
        }
        return startReserved(caller, List.of(command), null, c -> keys).getFirst();
    }

    /** Our routes' keys: for a day, in our store. */
    private KeyScope ours(StartExecutionCommand command) {
        return new KeyScope(idempotency, IDEMPOTENCY_WINDOW, command.fingerprint(), () -> new IdempotencyConflict(
                "this Idempotency-Key was used with another request body in the last 24 h"));
    }

    /**
     * The executions of {@code commands} (one batch when {@code batchId} is set) started for {@code caller}: when its
     * key limits its unfinished runs, each run's id is reserved first, all or none, and a reservation whose run was not
     * stored (refused, or an Idempotency-Key replay) is released.
     */
    List<Execution> startReserved(Caller caller, List<StartExecutionCommand> commands, String batchId) {
        return startReserved(caller, commands, batchId, this::ours);
    }

    private List<Execution> startReserved(Caller caller, List<StartExecutionCommand> commands, String batchId,
                                          java.util.function.Function<StartExecutionCommand, KeyScope> keys) {
        Integer limit = caller.apiKeyId() == null ? null : caller.grant().maxConcurrentExecutions();
        if (limit == null) {
            return commands.stream().map(command -> start(command, batchId, new ExecutionId(ids.newId()),
                    keys.apply(command))).toList();
        }
        List<ExecutionId> reserved = commands.stream().map(command -> new ExecutionId(ids.newId())).toList();
        if (!keyRuns.reserve(caller.apiKeyId(), reserved, limit, time.now())) {
            throw new TooManyRuns(limit, reserved.size());
        }
        List<Execution> started = new java.util.ArrayList<>(commands.size());
        try {
            for (int i = 0; i < commands.size(); i++) {
                Execution execution = start(commands.get(i), batchId, reserved.get(i), keys.apply(commands.get(i)));
                if (!execution.id().equals(reserved.get(i))) {
                    keyRuns.release(reserved.get(i));   // an earlier run, replayed for its Idempotency-Key
                }
                started.add(execution);
            }
            return started;
        } catch (RuntimeException refused) {
            for (int i = started.size(); i < reserved.size(); i++) {
                keyRuns.release(reserved.get(i));
            }
            throw refused;
        }
    }

    /** {@link #start(StartExecutionCommand)}, the execution joining the batch {@code batchId} (null: none). */
    Execution start(StartExecutionCommand command, String batchId) {
        return start(command, batchId, new ExecutionId(ids.newId()), ours(command));
    }

    private Execution start(StartExecutionCommand command, String batchId, ExecutionId id, KeyScope keys) {
        targets.check(command.caller(), command.target());
        Workflow workflow = workflows.find(command.projectId()).filter(w -> w.isOwnedBy(command.caller()))
                .orElseThrow(() -> new WorkflowNotFound(command.projectId()));
        if (!workflow.isActive()) {
            throw new WorkflowInactive(workflow.projectId());
        }
        validator.check(workflow, command.paramsJson());
        Instant now = time.now();
        Execution alone = Execution.accept(id, workflow.projectId(), command.caller(),
                command.paramsJson(), command.execPosition(),
                command.timeout() == null ? settings.defaultTimeout() : command.timeout(),
                settings.dispatchTimeout(), now, command.target());
        Execution joined = batchId == null ? alone : alone.inBatch(batchId);
        Execution called = command.callback() == null ? joined : joined.withCallback(command.callback());
        Execution accepted = called.forRevision(workflow.revision());
        if (command.callback() != null) {
            callbackSecret.accept(command.caller());
        }
        List<Execution> dispatched;
        // from its commit, every instance hears it is queued; this one dispatches it here, on this thread: in the
        // same transaction when one of the caller's robots here is idle and nothing of theirs is queued before it
        try (Dispatcher.StartingHere starting = dispatcher.startingHere(id);
             Dispatcher.AtOnce atOnce = dispatcher.atOnce(accepted)) {
            if (command.idempotencyKey() == null) {
                changes.accept(accepted, atOnce.stored());
            } else {
                Optional<IdempotencyRecord> earlier = insertOnce(command, accepted, atOnce.stored(), keys);
                if (earlier.isPresent()) {
                    return replay(keys, earlier.get());
                }
            }
            dispatched = atOnce.afterStore();
        }
        Optional<Execution> taken = dispatched.stream().filter(e -> e.id().equals(id)).findFirst();
        if (taken.isPresent()) {
            // as this request left it; the robot may have replied since (a wait re-reads it)
            return taken.get();
        }
        // only an execution that may not wait is worth another look (what no robot took at once stays as accepted)
        if (accepted.noRobotTookIt(accepted.startTime()) instanceof ImmediateDispatch.NoRobot) {
            return failIfStillPending(accepted);
        }
        // a robot freed on another thread may have taken it since (a wait re-reads it)
        return accepted;
    }

    /**
     * Stores the key's record and the execution in one transaction, unless the key has a valid record already
     * (returned, and nothing is stored). A failed insert leaves no record behind — rolled back, or released where
     * the store cannot roll back — so that the client's retry with the same key creates the execution.
     */
    private Optional<IdempotencyRecord> insertOnce(StartExecutionCommand command, Execution accepted,
                                                   Execution stored, KeyScope keys) {
        IdempotencyRecord record = new IdempotencyRecord(command.caller(), command.idempotencyKey(),
                keys.fingerprint(), accepted.id(), accepted.startTime());
        try {
            return changes.accept(accepted, stored, () -> keys.store().putIfAbsent(record,
                    keys.notBefore(accepted.startTime())));
        } catch (RuntimeException failure) {
            try {
                keys.store().release(record);
            } catch (RuntimeException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
    }

    /** The execution an earlier request with the same key created, when it had the same body. */
    private Execution replay(KeyScope keys, IdempotencyRecord earlier) {
        if (!earlier.fingerprint().equals(keys.fingerprint())) {
            throw keys.conflict().get();
        }
        // only a record written without a transaction (in memory) can be seen before its execution
        return executions.find(earlier.executionId()).orElseThrow(() -> new IdempotencyConflict(
                "the first request with this Idempotency-Key is still being processed; retry shortly"));
    }

    /** With a dispatch timeout of 0, an execution no robot took at once fails at once. */
    private Execution failIfStillPending(Execution accepted) {
        ExecutionChanges.Outcome outcome = changes.change(accepted.id(), (current, now) ->
                switch (current.noRobotTookIt(now)) {
                    case ImmediateDispatch.NoRobot(Execution failed) -> failed;
                    case ImmediateDispatch.Waits(Execution unchanged) -> unchanged;
                    case ImmediateDispatch.Taken(Execution unchanged) -> unchanged;
                });
        return switch (outcome) {
            case ExecutionChanges.Outcome.Changed(Execution before, Execution failed) -> failed;
            case ExecutionChanges.Outcome.Unchanged(Execution current) -> current;
            case ExecutionChanges.Outcome.Missing missing -> accepted;
        };
    }
}
