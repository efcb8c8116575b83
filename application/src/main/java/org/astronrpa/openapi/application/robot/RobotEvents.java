package org.astronrpa.openapi.application.robot;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * The one path of a managed robot's record changes: the change and its {@link RobotEvent}s are stored in one
 * transaction (the outbox, from which they reach every instance, watchers and, later, webhooks).
 */
public final class RobotEvents {
    private final Transactions transactions;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;
    private final String instance;

    public RobotEvents(Transactions transactions, DomainEvents events, IdGenerator ids, TimeSource time,
                       String instance) {
        this.transactions = transactions;
        this.events = events;
        this.ids = ids;
        this.time = time;
        this.instance = instance;
    }

    /** What a change made, and the events it records. */
    public record Outcome<T>(T result, List<RobotEvent> recorded) {
    }

    /** Runs {@code change} (given the time it happens at) in a transaction that also records its events. */
    public <T> T atomically(Function<Instant, Outcome<T>> change) {
        Instant now = time.now();
        return transactions.atomically(() -> {
            Outcome<T> outcome = change.apply(now);
            if (!outcome.recorded().isEmpty()) {
                events.record(outcome.recorded());
            }
            return outcome.result();
        });
    }

    /** Records events that go with no stored change (a robot that drained). */
    public void record(RobotEvent event) {
        transactions.atomically(() -> {
            events.record(event);
            return null;
        });
    }

    RobotEvent.Online online(Robot robot, RobotRegistry.Robot connection) {
        return new RobotEvent.Online(ids.newId(), robot, connection.connectionId(), instance, connection.connectedAt(),
                time.now());
    }

    RobotEvent.Offline offline(Robot robot, String connectionId) {
        return new RobotEvent.Offline(ids.newId(), robot, connectionId, time.now());
    }

    RobotEvent.Changed changed(Robot robot) {
        return new RobotEvent.Changed(ids.newId(), robot, time.now());
    }

    public RobotEvent.Drained drained(Robot robot) {
        return new RobotEvent.Drained(ids.newId(), robot, time.now());
    }

    RobotEvent.Enrolled enrolled(Robot robot) {
        return new RobotEvent.Enrolled(ids.newId(), robot, time.now());
    }

    RobotEvent.Revoked revoked(Robot robot) {
        return new RobotEvent.Revoked(ids.newId(), robot, time.now());
    }

    RobotEvent.Deleted deleted(Robot robot) {
        return new RobotEvent.Deleted(ids.newId(), robot, time.now());
    }

    /** This instance's id: an event of its own it need not act upon again. */
    String instance() {
        return instance;
    }
}
