package org.astronrpa.openapi.application.robot;

import java.util.Optional;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot replied to a run: the reply finds its execution by the run's event id, whichever connection of the
 * execution's owner it arrives on, and ends it. A reply to an unknown or already-ended execution is logged and dropped.
 */
public final class HandleRobotReply {
    private static final Logger LOG = LoggerFactory.getLogger(HandleRobotReply.class);
    private static final int ATTEMPTS = 5;

    /** What became of a reply. */
    public enum Result { APPLIED, UNKNOWN_EVENT, ALREADY_ENDED }

    private final ExecutionRepository executions;
    private final Dispatcher dispatcher;
    private final ExecutionEvents events;
    private final TimeSource time;

    public HandleRobotReply(ExecutionRepository executions, Dispatcher dispatcher, ExecutionEvents events,
                            TimeSource time) {
        this.executions = executions;
        this.dispatcher = dispatcher;
        this.events = events;
        this.time = time;
    }

    /**
     * @param robotOwner the user the replying connection authenticated as: a reply concerns only that user's
     *                   executions (an event id of someone else's run, however learnt, changes nothing)
     */
    public Result handle(UserId robotOwner, String replyEventId, RobotReply reply) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Execution> found = executions.findByEventId(replyEventId).filter(e -> e.isOwnedBy(robotOwner));
            if (found.isEmpty()) {
                LOG.info("dropped a reply to unknown event {} from a robot of {}", replyEventId, robotOwner);
                return Result.UNKNOWN_EVENT;
            }
            Execution current = found.get();
            if (current.status().isTerminal()) {
                LOG.info("dropped a late reply to execution {}, already {}", current.id(), current.status());
                freeRobot(current);
                return Result.ALREADY_ENDED;
            }
            Execution ended = current.finish(reply, time.now());
            if (executions.update(ended)) {
                events.statusChanged(ended);
                LOG.info("execution {} ended {} by the robot's reply", ended.id(), ended.status());
                freeRobot(ended);
                return Result.APPLIED;
            }
        }
        throw new org.astronrpa.openapi.domain.shared.ConcurrentUpdate("execution with event " + replyEventId);
    }

    private void freeRobot(Execution execution) {
        dispatcher.release(execution.id());
    }
}
