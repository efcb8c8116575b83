package org.astronrpa.openapi.application.schedule;

import java.time.Duration;
import java.util.List;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.application.robot.Targets;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleDefinition;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.schedule.ScheduleNotFound;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * What the schedule use cases share: a caller's schedule by id (another user's is not found), and the checks a
 * definition passes before it is saved — its workflow is the caller's, its params fit the workflow's parameters, its
 * target names robots the caller has.
 */
public final class OwnedSchedules {
    private final ScheduleRepository schedules;
    private final WorkflowRepository workflows;
    private final ParameterValidator validator;
    private final Targets targets;
    private final Duration minInterval;
    private final org.astronrpa.openapi.domain.shared.Transactions transactions;
    private final org.astronrpa.openapi.domain.shared.DomainEvents events;

    public OwnedSchedules(ScheduleRepository schedules, WorkflowRepository workflows, ParameterValidator validator,
                          Targets targets, Duration minInterval,
                          org.astronrpa.openapi.domain.shared.Transactions transactions,
                          org.astronrpa.openapi.domain.shared.DomainEvents events) {
        this.schedules = schedules;
        this.workflows = workflows;
        this.validator = validator;
        this.targets = targets;
        this.minInterval = minInterval;
        this.transactions = transactions;
        this.events = events;
    }

    ScheduleRepository store() {
        return schedules;
    }

    /** Runs {@code write} and records {@code recorded} in one transaction: what it gives. */
    <T> T atomically(java.util.function.Supplier<T> write, org.astronrpa.openapi.domain.shared.DomainEvent recorded) {
        return transactions.atomically(() -> {
            T written = write.get();
            events.record(recorded);
            return written;
        });
    }

    /** The caller's schedule {@code id}; another user's, or an id of no schedule, is not found. */
    Schedule of(UserId caller, String id) {
        ScheduleId scheduleId;
        try {
            scheduleId = new ScheduleId(id);
        } catch (InvalidInput malformed) {
            throw new ScheduleNotFound(id);
        }
        return schedules.find(scheduleId).filter(s -> s.isOwnedBy(caller)).orElseThrow(() -> new ScheduleNotFound(id));
    }

    /**
     * Changes the caller's schedule {@code id} as {@code change} decides from the stored one, and stores it; a change
     * made meanwhile (an occurrence decided) is read again and decided over ({@link LostRaces}). A decision that
     * changes nothing (the same schedule) is not stored.
     */
    Schedule change(UserId caller, String id, java.util.function.UnaryOperator<Schedule> change) {
        return change(caller, id, change, (before, after) -> List.of());
    }

    /**
     * {@link #change(UserId, String, java.util.function.UnaryOperator)}, the change stored in one transaction with the
     * events {@code recorded} makes of it (before, after).
     */
    Schedule change(UserId caller, String id, java.util.function.UnaryOperator<Schedule> change,
                    java.util.function.BiFunction<Schedule, Schedule,
                            List<? extends org.astronrpa.openapi.domain.shared.DomainEvent>> recorded) {
        return LostRaces.retry(() -> {
            Schedule current = of(caller, id);
            Schedule changed = change.apply(current);
            if (changed != current) {
                transactions.atomically(() -> {
                    schedules.update(current, changed);
                    events.record(recorded.apply(current, changed));
                    return changed;
                });
            }
            return changed;
        });
    }

    /** {@code input} over {@code base} (null: a new schedule), checked against the caller's workflow and robots. */
    ScheduleDefinition checked(UserId caller, ScheduleInput input, ScheduleDefinition base) {
        ScheduleDefinition definition = input.definition(base, minInterval);
        Workflow workflow = workflows.find(definition.projectId()).filter(w -> w.isOwnedBy(caller))
                .orElseThrow(() -> new WorkflowNotFound(definition.projectId()));
        validator.check(workflow, definition.params());
        targets.check(caller, definition.target());
        return definition;
    }
}
