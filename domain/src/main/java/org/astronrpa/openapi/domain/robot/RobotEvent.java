package org.astronrpa.openapi.domain.robot;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * What happened to a managed robot (API.md §5.2): it enrolled, came online or went offline, its owner changed it, it drained
 * (draining and no run left), its owner revoked it, or its owner forgot it. Each carries the robot's record as it was then; its sequence is
 * the record's revision. The aggregate is the owner's robot of that id ({@code <owner>/<robot id>}: ids are unique per
 * owner only).
 */
public sealed interface RobotEvent extends DomainEvent {

    /** The robot's record as it was when this happened. */
    Robot robot();

    @Override
    default String aggregateType() {
        return "robot";
    }

    @Override
    default String aggregateId() {
        return robot().owner().value() + "/" + robot().id().value();
    }

    @Override
    default long sequence() {
        return robot().revision();
    }

    default UserId ownerId() {
        return robot().owner();
    }

    /** It traded an enrollment token for a credential of its own (its record made, if it had none). */
    record Enrolled(String eventId, Robot robot, Instant occurredAt) implements RobotEvent {
        public Enrolled {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(robot, "robot");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /**
     * A connection of it opened ({@code connectionId}, on instance {@code instance}, at {@code connectedAt}): an older
     * connection of it on any instance is replaced.
     */
    record Online(String eventId, Robot robot, String connectionId, String instance, Instant connectedAt,
                  Instant occurredAt) implements RobotEvent {
        public Online {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(robot, "robot");
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(connectedAt, "connectedAt");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** Its connection {@code connectionId} closed (a newer one of it may be open already). */
    record Offline(String eventId, Robot robot, String connectionId, Instant occurredAt) implements RobotEvent {
        public Offline {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(robot, "robot");
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** Its owner renamed it, set its labels or drained it or let it again: every instance takes it as it is now. */
    record Changed(String eventId, Robot robot, Instant occurredAt) implements RobotEvent {
        public Changed {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(robot, "robot");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** It is draining and runs nothing any more: it may be stopped or forgotten. */
    record Drained(String eventId, Robot robot, Instant occurredAt) implements RobotEvent {
        public Drained {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(robot, "robot");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** Its owner revoked it: its credentials let nobody in any more, and its connection is closed wherever it is. */
    record Revoked(String eventId, Robot robot, Instant occurredAt) implements RobotEvent {
        public Revoked {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(robot, "robot");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }
    }

    /** Its owner forgot it: the record is gone. */
    record Deleted(String eventId, Robot robot, Instant occurredAt) implements RobotEvent {
        public Deleted {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(robot, "robot");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public long sequence() {
            return robot.revision() + 1;
        }
    }
}
