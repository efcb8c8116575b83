package org.astronrpa.openapi.application.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.robot.Targets;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's pass: every schedule whose next occurrence is due has its due occurrences decided one by one, as the
 * schedule decides them ({@link Schedule#due}) — fired (an execution queued, as a start queues it), skipped, buffered,
 * missed, or failed to fire — each decision stored with its occurrence and its event in one transaction, under the
 * schedule's revision. Several instances may run passes at once: for each occurrence exactly one saves its decision
 * (the others' revision is stale, and the occurrence's identity — schedule and scheduled time — is unique besides), so
 * no leader is needed.
 */
public final class FireSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(FireSchedules.class);

    /**
     * How a pass goes.
     *
     * @param batch       how many due schedules a pass reads at a time
     * @param maxMissed   how many missed occurrences of one schedule a pass records one by one; past them (a long
     *                    outage of a frequent schedule) it moves to the catch-up window in one step, saying so
     */
    public record Settings(int batch, int maxMissed) {
        public static final Settings DEFAULT = new Settings(500, 1_000);
    }

    private final ScheduleRepository schedules;
    private final WorkflowRepository workflows;
    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final Transactions transactions;
    private final DomainEvents events;
    private final ParameterValidator validator;
    private final Dispatcher dispatcher;
    private final Targets targets;
    private final IdGenerator ids;
    private final TimeSource time;
    private final StartExecution.Settings executionSettings;
    private final Settings settings;
    private volatile ScheduleObserver observer = ScheduleObserver.NONE;

    public FireSchedules(ScheduleRepository schedules, WorkflowRepository workflows, ExecutionRepository executions,
                         ExecutionChanges changes, Transactions transactions, DomainEvents events,
                         ParameterValidator validator, Dispatcher dispatcher, Targets targets, IdGenerator ids,
                         TimeSource time, StartExecution.Settings executionSettings, Settings settings) {
        this.schedules = schedules;
        this.workflows = workflows;
        this.executions = executions;
        this.changes = changes;
        this.transactions = transactions;
        this.events = events;
        this.validator = validator;
        this.dispatcher = dispatcher;
        this.targets = targets;
        this.ids = ids;
        this.time = time;
        this.executionSettings = executionSettings;
        this.settings = settings;
    }

    /** Who hears of each occurrence decided here (the composition root's metrics). */
    public void observeWith(ScheduleObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    /**
     * One pass: the due schedules, earliest first, and the occurrences waiting for a previous run that has ended.
     *
     * @return how many occurrences this pass decided (fired, skipped, buffered, missed or failed to fire)
     */
    public int pass() {
        int decided = 0;
        List<Schedule> due;
        do {
            due = schedules.due(time.now(), settings.batch());
            int before = decided;
            for (Schedule schedule : due) {
                decided += decideDue(schedule);
            }
            if (decided == before) {
                break;   // what is left due was decided by another instance meanwhile, or failed: the next pass
            }
        } while (due.size() == settings.batch());
        for (Schedule waiting : schedules.withBuffered(settings.batch())) {
            decided += releaseBuffered(waiting);
        }
        return decided;
    }

    /**
     * Fires an occurrence of {@code schedule} now, outside its spec ({@link Schedule#trigger}); the schedule as stored
     * afterwards is returned.
     *
     * @throws ConcurrentUpdate when the schedule changed meanwhile (the caller reads it again)
     */
    Schedule trigger(Schedule schedule) {
        Instant now = time.now();
        return fire(schedule, schedule.trigger(now), now);
    }

    /**
     * Fires now the occurrence of {@code schedule} scheduled at {@code at} (a backfill); the schedule as stored
     * afterwards is returned.
     *
     * @throws ConcurrentUpdate when the schedule changed meanwhile, or the occurrence was recorded meanwhile
     */
    Schedule backfill(Schedule schedule, Instant at) {
        return fire(schedule, schedule.backfill(at), time.now());
    }

    /** Decides the schedule's due occurrences; returns how many this instance decided. */
    private int decideDue(Schedule schedule) {
        int decided = 0;
        int missed = 0;
        Schedule current = schedule;
        try {
            while (true) {
                Instant now = time.now();
                Optional<Execution> last = lastRun(current);
                current = settle(current, last, now);
                Optional<Occurrence.Decision> due = current.due(now, isActive(last));
                if (due.isEmpty()) {
                    return decided;
                }
                current = switch (due.get()) {
                    case Occurrence.Decision.Fire fire -> fire(current, fire, now);
                    case Occurrence.Decision.Skipped skipped -> notFired(current, skipped.after(), skipped.scheduledAt(),
                            Occurrence.Outcome.SKIPPED, skipped.reason(), now);
                    case Occurrence.Decision.Buffered buffered -> save(current, buffered.after(), null, List.of());
                    case Occurrence.Decision.Missed m -> ++missed <= settings.maxMissed()
                            ? notFired(current, m.after(), m.scheduledAt(), Occurrence.Outcome.MISSED, m.reason(), now)
                            : missedOver(current, m, now);
                };
                decided++;
            }
        } catch (ConcurrentUpdate lost) {
            return decided;   // another instance decided it: its own pass goes on with it
        } catch (RuntimeException failed) {
            LOG.warn("could not decide the due occurrences of schedule {}; the next pass tries again", schedule.id(),
                    failed);
            return decided;
        }
    }

    /** The buffered occurrence fires once the previous run ended. */
    private int releaseBuffered(Schedule schedule) {
        try {
            Instant now = time.now();
            Optional<Execution> last = lastRun(schedule);
            Schedule current = settle(schedule, last, now);
            Optional<Occurrence.Decision.Fire> release = current.releaseBuffered(isActive(last));
            if (release.isEmpty()) {
                return 0;
            }
            fire(current, release.get(), now);
            return 1;
        } catch (ConcurrentUpdate lost) {
            return 0;
        } catch (RuntimeException failed) {
            LOG.warn("could not fire the waiting occurrence of schedule {}; the next pass tries again", schedule.id(),
                    failed);
            return 0;
        }
    }

    /** The execution of the schedule's latest fired occurrence, as stored now (empty: none, or it is gone). */
    private Optional<Execution> lastRun(Schedule schedule) {
        return schedule.lastExecution() == null ? Optional.empty() : executions.find(schedule.lastExecution());
    }

    /**
     * Counts the end of the latest run ({@code last}, as {@link #lastRun} read it) if it ended and was not counted yet
     * (failures in a row may pause).
     */
    private Schedule settle(Schedule schedule, Optional<Execution> last, Instant now) {
        if (schedule.lastExecution() == null || schedule.lastSettled()) {
            return schedule;
        }
        if (last.isPresent() && !last.get().status().isTerminal()) {
            return schedule;
        }
        boolean failed = last.isEmpty() || last.get().status() != ExecutionStatus.COMPLETED;
        Schedule settled = schedule.runEnded(schedule.lastExecution(), failed, now);
        List<DomainEvent> recorded = settled.isEnabled() || !schedule.isEnabled() ? List.of()
                : List.of(paused(settled, now));
        return save(schedule, settled, null, recorded);
    }

    /** Whether the latest run is still PENDING or RUNNING. */
    private static boolean isActive(Optional<Execution> last) {
        return last.map(e -> !e.status().isTerminal()).orElse(false);
    }

    /**
     * Fires the occurrence: its execution is checked and queued as a start would be, in one transaction with the
     * schedule's change, the occurrence and its event. One that cannot be created is recorded as failed to fire; a
     * schedule whose workflow is gone or inactive is paused with the reason.
     */
    private Schedule fire(Schedule current, Occurrence.Decision.Fire fire, Instant now) {
        Schedule next = fire.after();
        if (recordedAlready(current, fire.scheduledAt())) {
            return save(current, next, null, List.of());
        }
        var definition = current.definition();
        Optional<Workflow> workflow = workflows.find(definition.projectId()).filter(w -> w.isOwnedBy(current.owner()));
        if (workflow.isEmpty() || !workflow.get().isActive()) {
            String reason = "the workflow " + definition.projectId().value()
                    + (workflow.isEmpty() ? " no longer exists" : " is inactive");
            Schedule paused = next.pause(reason, now);
            return notFired(current, paused, fire.scheduledAt(), Occurrence.Outcome.FAILED_TO_FIRE, reason, now,
                    paused(paused, now));
        }
        String refused = refusal(current, workflow.get());
        if (refused != null) {
            return notFired(current, next, fire.scheduledAt(), Occurrence.Outcome.FAILED_TO_FIRE, refused, now);
        }
        ExecutionId id = new ExecutionId(ids.newId());
        Execution accepted = Execution.accept(id, workflow.get().projectId(), current.owner(), definition.params(), null,
                definition.timeoutSeconds() == null ? executionSettings.defaultTimeout()
                        : new ExecutionTimeout(definition.timeoutSeconds()),
                executionSettings.dispatchTimeout(), now, definition.target());
        Schedule fired = next.fired(id);
        Occurrence occurrence = new Occurrence(current.id(), fire.scheduledAt(), now, Occurrence.Outcome.FIRED, id, null);
        try (Dispatcher.StartingHere starting = dispatcher.startingHere(id);
             Dispatcher.AtOnce atOnce = dispatcher.atOnce(accepted)) {
            changes.accept(accepted, atOnce.stored(), () -> {
                store(current, fired, occurrence);
                events.record(new ScheduleEvent.Fired(ids.newId(), current.id(), current.owner(),
                        definition.projectId().value(), fired.revision(), fire.scheduledAt(), id, now));
                return Optional.empty();
            });
            atOnce.afterStore();
        }
        observer.decided(Occurrence.Outcome.FIRED, lateness(current, fire.scheduledAt(), now));
        return fired;
    }

    /** Why the occurrence's execution cannot be created (the params or the target no longer fit), or null. */
    private String refusal(Schedule schedule, Workflow workflow) {
        try {
            targets.check(schedule.owner(), schedule.definition().target());
        } catch (InvalidInput refused) {
            return "its target cannot run: " + refused.getMessage();
        }
        if (workflow.parameters() != null) {
            List<FieldError> problems = validator.validate(workflow.parameters(), schedule.definition().params());
            if (!problems.isEmpty()) {
                return "its params no longer fit the workflow's parameters: " + new InvalidInput(problems).getMessage();
            }
        }
        return null;
    }

    /** Past {@code maxMissed} missed in a row: one record for the rest, and the schedule moves to the window. */
    private Schedule missedOver(Schedule current, Occurrence.Decision.Missed missed, Instant now) {
        Schedule moved = current.skipMissedBefore(now);
        String reason = missed.reason() + "; so was every occurrence after it until " + moved.nextOccurrence()
                + " (more than " + settings.maxMissed() + " missed in a row: not recorded one by one)";
        return notFired(current, moved, missed.scheduledAt(), Occurrence.Outcome.MISSED, reason, now);
    }

    private Schedule notFired(Schedule current, Schedule next, Instant scheduledAt, Occurrence.Outcome outcome,
                              String reason, Instant now, DomainEvent... more) {
        if (recordedAlready(current, scheduledAt)) {
            return save(current, next, null, List.of());
        }
        List<DomainEvent> recorded = new java.util.ArrayList<>();
        recorded.add(new ScheduleEvent.NotFired(ids.newId(), current.id(), current.owner(),
                current.definition().projectId().value(), next.revision(), scheduledAt, outcome, reason, now));
        recorded.addAll(List.of(more));
        Schedule saved = save(current, next, new Occurrence(current.id(), scheduledAt, null, outcome, null, reason),
                recorded);
        observer.decided(outcome, lateness(current, scheduledAt, now));
        return saved;
    }

    /** From the occurrence's fire time to {@code now}; zero for one fired before it (triggered by its owner). */
    private static Duration lateness(Schedule schedule, Instant scheduledAt, Instant now) {
        Duration late = Duration.between(schedule.fireTimeOf(scheduledAt), now);
        return late.isNegative() ? Duration.ZERO : late;
    }

    private ScheduleEvent.Paused paused(Schedule paused, Instant now) {
        return ScheduleEvent.Paused.of(ids.newId(), paused, now);
    }

    /**
     * Whether the occurrence was recorded already — by its owner's trigger or backfill at that very time: then the
     * schedule only moves past it (were it decided again, its record would fail and the schedule would stay due).
     */
    private boolean recordedAlready(Schedule schedule, Instant scheduledAt) {
        return schedules.occurrence(schedule.id(), scheduledAt).isPresent();
    }

    /** Saves the schedule's change with its occurrence (if any) and events, in one transaction. */
    private Schedule save(Schedule current, Schedule next, Occurrence occurrence, List<DomainEvent> recorded) {
        return transactions.atomically(() -> {
            store(current, next, occurrence);
            if (!recorded.isEmpty()) {
                events.record(recorded);
            }
            return next;
        });
    }

    /** Within a transaction: the schedule's change, and its occurrence recorded once (else all is rolled back). */
    private void store(Schedule current, Schedule next, Occurrence occurrence) {
        schedules.update(current, next);
        if (occurrence != null && !schedules.record(occurrence)) {
            throw new ConcurrentUpdate("occurrence " + occurrence.scheduledAt() + " of schedule " + current.id());
        }
    }
}
