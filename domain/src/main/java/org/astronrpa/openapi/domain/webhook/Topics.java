package org.astronrpa.openapi.domain.webhook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The events a receiver can be told of, by their wire names, and which domain event each one is: the one place that
 * decides what an outside party hears. Events not named here (a schedule's skipped occurrence, a robot's label change,
 * a workflow upserted) are not delivered.
 */
public final class Topics {
    /** Every event a subscription may name, in the order the API lists them. */
    public static final List<String> ALL = List.of(
            "execution.queued", "execution.started", "execution.completed", "execution.failed",
            "execution.cancelled", "execution.timed_out", "robot.online", "robot.offline", "schedule.fired",
            "schedule.missed", "schedule.paused", "webhook.disabled");
    /** A subscription's name for all of them, present and future. */
    public static final String EVERY = "*";
    /** The events a per-execution callback may name: its execution's own. */
    public static final List<String> EXECUTION = ALL.stream().filter(t -> t.startsWith("execution.")).toList();

    private Topics() {
    }

    /** The wire name of {@code event}, or empty when receivers are not told of it. */
    public static Optional<String> of(DomainEvent event) {
        return Optional.ofNullable(switch (event) {
            case ExecutionEvent.Queued e -> "execution.queued";
            case ExecutionEvent.Dispatched e -> "execution.started";
            case ExecutionEvent.Completed e -> "execution.completed";
            case ExecutionEvent.Failed e -> "execution.failed";
            case ExecutionEvent.Cancelled e -> "execution.cancelled";
            case ExecutionEvent.TimedOut e -> "execution.timed_out";
            case RobotEvent.Online e -> "robot.online";
            case RobotEvent.Offline e -> "robot.offline";
            case ScheduleEvent.Fired e -> "schedule.fired";
            case ScheduleEvent.NotFired e -> e.outcome() == Occurrence.Outcome.MISSED ? "schedule.missed" : null;
            case ScheduleEvent.Paused e -> "schedule.paused";
            case WebhookEvent.Disabled e -> "webhook.disabled";
            default -> null;
        });
    }

    /** Whose event it is: only its owner's subscriptions hear of it. Empty for an event of none of the topics. */
    public static Optional<UserId> ownerOf(DomainEvent event) {
        return Optional.ofNullable(switch (event) {
            case ExecutionEvent e -> e.execution().ownerId();
            case RobotEvent e -> e.ownerId();
            case ScheduleEvent e -> e.owner();
            case WebhookEvent e -> e.owner();
            default -> null;
        });
    }

    /** The workflow the event is about (a subscription's {@code project_ids} filter), or empty for none. */
    public static Optional<String> projectOf(DomainEvent event) {
        return Optional.ofNullable(switch (event) {
            case ExecutionEvent e -> e.execution().projectId().value();
            case ScheduleEvent e -> e.projectId();
            default -> null;
        });
    }

    /**
     * The topics named, checked: each one of {@link #ALL} or {@link #EVERY}, at least one.
     *
     * @return them in their order, once each; empty when one is unknown or none is given (the caller says which)
     */
    static Optional<Set<String>> parse(List<String> names, List<String> allowed) {
        if (names == null || names.isEmpty()) {
            return Optional.empty();
        }
        Set<String> topics = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null || !(allowed.contains(name) || EVERY.equals(name))) {
                return Optional.empty();
            }
            topics.add(name);
        }
        return Optional.of(topics);
    }
}
