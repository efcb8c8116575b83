package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
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

    public FollowRobotChanges(RobotRegistry connections, Dispatcher dispatcher, RobotEvents events) {
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.events = events;
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
