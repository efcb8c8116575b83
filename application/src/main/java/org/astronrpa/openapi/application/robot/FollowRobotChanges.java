package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this instance does on hearing a robot event from any instance: a robot its owner changed takes work here by
 * its new record (and, no longer draining, looks at the queue; draining and idle, it drained); a robot that came
 * online elsewhere replaces its older connection here, which is closed. Its own {@code Online} events it handled as
 * the connection registered.
 */
public final class FollowRobotChanges {
    private static final Logger LOG = LoggerFactory.getLogger(FollowRobotChanges.class);
    private final RobotRegistry connections;
    private final Dispatcher dispatcher;
    private final RobotEvents events;
    private final ExecutionChanges changes;

    public FollowRobotChanges(RobotRegistry connections, Dispatcher dispatcher, RobotEvents events,
                              ExecutionChanges changes) {
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.events = events;
        this.changes = changes;
    }

    /** The run a revoked robot was running cannot be answered by it any more: it fails, its outcome unknown. */
    private void abandon(ExecutionId running, RobotEvent.Revoked revoked) {
        try {
            changes.change(running, (current, now) -> current.status() == ExecutionStatus.RUNNING
                    ? current.fail(ErrorCode.ROBOT_OFFLINE, "robot '" + revoked.robot().id()
                    + "' was revoked while running it; the outcome on the robot is unknown", now) : current);
            connections.release(running);   // nor is it held for the robot's return
        } catch (RuntimeException e) {
            LOG.warn("could not end execution {} of revoked robot {}; its timeout ends it: {}", running,
                    revoked.robot().id(), e.toString());
        }
    }

    public void heard(RobotEvent event) {
        switch (event) {
            case RobotEvent.Changed changed -> {
                if (connections.changed(changed.robot())) {
                    // off the feed's thread: a dispatch and an event record write to the database
                    Thread.ofVirtual().name("robot-changed").start(() -> took(changed));
                }
            }
            case RobotEvent.Online online -> {
                if (!online.instance().equals(events.instance())) {
                    replacedElsewhere(online);
                }
            }
            case RobotEvent.Offline offline -> {
            }
            case RobotEvent.Drained drained -> {
            }
            case RobotEvent.Enrolled enrolled -> {
            }
            case RobotEvent.Revoked revoked -> connections.connectionOf(revoked.ownerId(), revoked.robot().id())
                    .ifPresent(connection -> {
                        LOG.info("robot {} of {} was revoked: its connection {} is closed", revoked.robot().id(),
                                revoked.ownerId(), connection.connectionId());
                        // forgotten first: no run is sent to it in between
                        connections.disconnected(connection.connectionId()).ifPresent(running ->
                                Thread.ofVirtual().name("robot-revoked").start(() -> abandon(running, revoked)));
                        connection.channel().dismiss(RobotChannel.Dismissal.REVOKED);
                    });
            case RobotEvent.Deleted deleted -> {
            }
        }
    }

    private void took(RobotEvent.Changed changed) {
        try {
            if (changed.robot().draining()) {
                connections.drainedIfIdle(changed.robot()).ifPresent(idle -> events.record(events.drained(idle)));
            } else {
                dispatcher.dispatch(changed.ownerId());
            }
        } catch (RuntimeException e) {
            LOG.warn("robot {} of {} changed; acting on it here failed: {}", changed.robot().id(), changed.ownerId(),
                    e.toString());
        }
    }

    /** The robot connected to another instance after its connection here opened: the newer one wins. */
    private void replacedElsewhere(RobotEvent.Online online) {
        connections.connectionOf(online.ownerId(), online.robot().id())
                .filter(here -> !here.connectionId().equals(online.connectionId())
                        && here.connectedAt().isBefore(online.connectedAt()))
                .ifPresent(older -> {
                    LOG.info("robot {} connected to instance {}; its older connection {} here is closed",
                            online.robot().id(), online.instance(), older.connectionId());
                    connections.disconnected(older.connectionId());
                    older.channel().dismiss(RobotChannel.Dismissal.REPLACED);
                });
    }
}
