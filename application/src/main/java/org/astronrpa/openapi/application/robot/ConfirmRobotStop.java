package org.astronrpa.openapi.application.robot;

import java.util.Optional;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot that confirms stops says the run of an execution it was told to stop has ended on its desktop (the {@code
 * execution}/{@code stopped} frame, API.md §5.1): the evidence is kept with the execution ({@link
 * Execution#confirmStop}), and the robot is free for the next run at once instead of after the stop's grace. Only the
 * robot owner's executions are concerned, as for replies; anything with nothing to confirm is logged and dropped.
 */
public final class ConfirmRobotStop {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmRobotStop.class);

    /** What became of a confirmation. */
    public enum Result { CONFIRMED, UNKNOWN_EXECUTION, NOTHING_TO_CONFIRM }

    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final Dispatcher dispatcher;

    public ConfirmRobotStop(ExecutionRepository executions, ExecutionChanges changes, Dispatcher dispatcher) {
        this.executions = executions;
        this.changes = changes;
        this.dispatcher = dispatcher;
    }

    /** @param robotOwner the user the confirming connection authenticated as */
    public Result confirm(UserId robotOwner, String executionId) {
        Optional<Execution> found = executionId == null ? Optional.empty()
                : readId(executionId).flatMap(executions::find).filter(e -> e.isOwnedBy(robotOwner));
        if (found.isEmpty()) {
            LOG.info("dropped a stop confirmation of an unknown execution from a robot of {}", robotOwner);
            return Result.UNKNOWN_EXECUTION;
        }
        ExecutionChanges.Outcome outcome = changes.change(found.get(),
                (current, now) -> current.confirmStop(now).orElse(current));
        return switch (outcome) {
            case ExecutionChanges.Outcome.Changed(Execution before, Execution confirmed) -> {
                LOG.info("execution {}: its robot confirmed the run stopped", confirmed.id());
                dispatcher.release(confirmed.id());   // the robot is free: the owner's queue goes on
                yield Result.CONFIRMED;
            }
            case ExecutionChanges.Outcome.Unchanged(Execution current) -> {
                LOG.info("dropped a stop confirmation of execution {} ({}): nothing to confirm", current.id(),
                        current.status());
                yield Result.NOTHING_TO_CONFIRM;
            }
            case ExecutionChanges.Outcome.Missing missing -> Result.UNKNOWN_EXECUTION;
        };
    }

    private static Optional<ExecutionId> readId(String executionId) {
        try {
            return Optional.of(new ExecutionId(executionId));
        } catch (InvalidInput notAnId) {
            return Optional.empty();
        }
    }
}
