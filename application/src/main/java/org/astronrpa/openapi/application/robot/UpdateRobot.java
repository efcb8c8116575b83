package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotChanges;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotNotFound;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner renames a managed robot, sets its labels or drains it: stored (a change made meanwhile, such as its
 * reconnect, is read again and the owner's change applied to it), then the connection here takes work by the new
 * record — a robot no longer draining, or with new labels, looks at its owner's queue at once.
 */
public final class UpdateRobot {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateRobot.class);
    private static final int ATTEMPTS = 5;

    private final RobotRepository records;
    private final RobotRegistry connections;
    private final Dispatcher dispatcher;
    private final RobotEvents events;
    private final org.astronrpa.openapi.domain.execution.ExecutionRepository executions;

    public UpdateRobot(RobotRepository records, RobotRegistry connections, Dispatcher dispatcher, RobotEvents events,
                       org.astronrpa.openapi.domain.execution.ExecutionRepository executions) {
        this.records = records;
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.events = events;
        this.executions = executions;
    }

    public RobotState update(UserId owner, RobotId id, RobotChanges changes) {
        Robot changed = store(owner, id, changes);
        // the connection here, if any, takes the change at once; other instances hear the Changed event
        if (connections.changed(changed)) {
            if (changed.draining()) {
                connections.drainedIfIdle(changed).ifPresent(idle -> events.record(events.drained(idle)));
            } else {
                try {
                    dispatcher.dispatch(owner);
                } catch (RuntimeException e) {
                    // the change is stored; the queue rescan hands the robot its work
                    LOG.warn("could not look at the queue of {} after robot {} changed: {}", owner, id, e.toString());
                }
            }
        }
        return RobotState.of(changed, connections.everywhere(owner, id).orElse(null), executions.pendingByTarget(owner));
    }

    private Robot store(UserId owner, RobotId id, RobotChanges changes) {
        for (int attempt = 1; ; attempt++) {
            try {
                return events.atomically(now -> {
                    Robot current = records.find(owner, id).orElseThrow(() -> new RobotNotFound(id));
                    Robot changed = current.apply(changes);
                    records.update(changed);
                    return new RobotEvents.Outcome<>(changed, java.util.List.of(events.changed(changed)));
                });
            } catch (ConcurrentUpdate raced) {
                if (attempt >= ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }
}
