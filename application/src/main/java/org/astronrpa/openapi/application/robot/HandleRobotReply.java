package org.astronrpa.openapi.application.robot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot replied to a run: the reply finds its execution by the run's event id, whichever connection of the
 * execution's owner it arrives on, and ends it. A reply to an unknown or already-ended execution is logged and dropped.
 */
public final class HandleRobotReply {
    private static final Logger LOG = LoggerFactory.getLogger(HandleRobotReply.class);

    /** What became of a reply. */
    public enum Result { APPLIED, UNKNOWN_EVENT, ALREADY_ENDED }

    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final Dispatcher dispatcher;

    public HandleRobotReply(ExecutionRepository executions, ExecutionChanges changes, Dispatcher dispatcher) {
        this.executions = executions;
        this.changes = changes;
        this.dispatcher = dispatcher;
    }

    /**
     * @param robotOwner the user the replying connection authenticated as: a reply concerns only that user's
     *                   executions (an event id of someone else's run, however learnt, changes nothing)
     */
    public Result handle(UserId robotOwner, String replyEventId, RobotReply reply) {
        Optional<Execution> found = executions.findByEventId(replyEventId).filter(e -> e.isOwnedBy(robotOwner));
        if (found.isEmpty()) {
            LOG.info("dropped a reply to unknown event {} from a robot of {}", replyEventId, robotOwner);
            return Result.UNKNOWN_EVENT;
        }
        // the robot is free from the commit on, before the end reaches the caller: a caller who starts the next
        // execution at once finds it idle (and the start dispatches in the same write)
        List<UserId> freed = new ArrayList<>(1);
        ExecutionChanges.Outcome outcome = changes.change(found.get(), (current, now) ->
                current.status().isTerminal() ? current : current.finish(reply, now),
                ended -> dispatcher.free(ended.id()).ifPresent(freed::add));
        return switch (outcome) {
            case ExecutionChanges.Outcome.Changed(Execution before, Execution ended) -> {
                freed.forEach(dispatcher::dispatch);   // the owner's queue, now that the robot is free
                LOG.info("execution {} ended {} by the robot's reply", ended.id(), ended.status());
                yield Result.APPLIED;
            }
            case ExecutionChanges.Outcome.Unchanged(Execution current) -> {
                LOG.info("dropped a late reply to execution {}, already {}", current.id(), current.status());
                freeRobot(current);
                yield Result.ALREADY_ENDED;
            }
            case ExecutionChanges.Outcome.Missing missing -> Result.UNKNOWN_EVENT;
        };
    }

    private void freeRobot(Execution execution) {
        dispatcher.release(execution.id());
    }
}
