package org.astronrpa.openapi.application.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's pass: the due schedules are taken a batch at a time, each batch in one transaction — read locked
 * ({@link ScheduleRepository#lockDue}: an instance scanning at the same moment takes the next ones instead of waiting),
 * every due occurrence of each decided as the schedule decides it ({@link Schedule#due}) — fired (an execution queued,
 * as a start queues it), skipped, buffered, missed, or failed to fire — and all of it written together: the schedules'
 * changes under their revisions, the occurrences (unique by schedule and scheduled time), the executions, and the
 * events. Ten thousand schedules due at the same minute are then a few dozen transactions, not ten thousand. A batch
 * that cannot be written (a schedule changed meanwhile by its owner) is decided again one schedule at a time, each in
 * its own transaction. Several instances may run passes at once: for each occurrence exactly one saves its decision
 * (the others' revision is stale, and the occurrence's identity is unique besides), so no leader is needed.
 */
public final class FireSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(FireSchedules.class);

    /**
     * How a pass goes.
     *
     * @param batch       how many due schedules a transaction takes, and about how many occurrences it records at most
     *                    (it takes no further schedule once it holds that many)
     * @param maxMissed   how many missed occurrences of one schedule a pass records one by one; past them (a long
     *                    outage of a frequent schedule) it moves to the catch-up window in one step, saying so
     * @param workers     how many transactions a pass runs at once, each on batches of its own (only where the store's
     *                    scans share out the due schedules: {@link ScheduleRepository#sharesOutDueSchedules})
     */
    public record Settings(int batch, int maxMissed, int workers) {
        /** One transaction at a time: for stores whose scans do not share out the due schedules (H2, in memory). */
        public static final Settings DEFAULT = new Settings(250, 1_000, 1);

        /**
         * Four at a time, for a database: a batch spends most of its time waiting for the database's answers, which
         * the others' fill.
         */
        public static final Settings LOCKING = new Settings(250, 1_000, 4);

        public Settings {
            if (batch < 1 || maxMissed < 1 || workers < 1) {
                throw new IllegalArgumentException("batch, maxMissed and workers must be positive");
            }
        }
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

    /** The same scheduler, its passes going as {@code other} says (the observer is not carried over). */
    FireSchedules with(Settings other) {
        return new FireSchedules(schedules, workflows, executions, changes, transactions, events, validator, dispatcher,
                targets, ids, time, executionSettings, other);
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
        Workflows known = new Workflows();
        Round first = round(known);   // most passes find a few due, or none: no worker is started for them
        int decided = first.decided();
        if (first.taken() == settings.batch() && first.decided() > 0) {
            if (settings.workers() == 1) {
                decided += rounds(known);
            } else {
                java.util.concurrent.atomic.AtomicInteger all = new java.util.concurrent.atomic.AtomicInteger();
                List<Thread> workers = new ArrayList<>(settings.workers());
                for (int i = 0; i < settings.workers(); i++) {
                    workers.add(Thread.ofVirtual().name("schedules-", i).start(() -> all.addAndGet(rounds(known))));
                }
                for (Thread worker : workers) {
                    try {
                        worker.join();
                    } catch (InterruptedException stopping) {
                        Thread.currentThread().interrupt();
                        return decided + all.get();
                    }
                }
                decided += all.get();
            }
        }
        for (Schedule waiting : schedules.withBuffered(settings.batch())) {
            decided += releaseBuffered(waiting, known);
        }
        return decided;
    }

    /**
     * Fires an occurrence of {@code schedule} now, outside its spec ({@link Schedule#trigger}).
     *
     * @return the occurrence recorded (fired, or failed to fire)
     * @throws ConcurrentUpdate when the schedule changed meanwhile (the caller reads it again)
     */
    Occurrence trigger(Schedule schedule) {
        return fireNow(schedule, schedule.trigger(time.now()))
                .orElseThrow(() -> new ConcurrentUpdate("an occurrence of schedule " + schedule.id() + " at this time"));
    }

    /**
     * Fires now the occurrence of {@code schedule} scheduled at {@code at} (a backfill).
     *
     * @return the occurrence recorded (fired, or failed to fire); empty when one was recorded at that time already
     * @throws ConcurrentUpdate when the schedule changed meanwhile, or the occurrence was recorded meanwhile
     */
    Optional<Occurrence> backfill(Schedule schedule, Instant at) {
        return fireNow(schedule, schedule.backfill(at));
    }

    private Optional<Occurrence> fireNow(Schedule schedule, Occurrence.Decision.Fire fire) {
        Plan plan = transactions.atomically(() -> {
            Plan one = new Plan(schedule);
            one.to = fire(one, schedule, fire, recordedOf(schedule),
                    time.now(), new Workflows());
            one.decisions = 1;
            write(List.of(one));
            return one;
        });
        announce(List.of(plan));
        return plan.occurrences.stream().map(ScheduleRepository.OwnedOccurrence::occurrence).findFirst();
    }

    /** Rounds until none is left due; how many occurrences they decided. */
    private int rounds(Workflows known) {
        int decided = 0;
        while (true) {
            Round round = round(known);
            decided += round.decided();
            if (round.taken() < settings.batch() || round.decided() == 0) {
                return decided;   // none left due; or what is left was decided by another instance meanwhile, or failed
            }
        }
    }

    /** What a round took and decided. */
    private record Round(int taken, int decided) {
    }

    /**
     * Takes a batch of due schedules and decides them in one transaction; should that fail, decides them one by one.
     */
    private Round round(Workflows known) {
        List<Schedule> taken = new ArrayList<>();
        List<Plan> plans;
        try {
            plans = transactions.atomically(() -> {
                Instant now = time.now();
                taken.addAll(schedules.lockDue(now, settings.batch()));
                List<Plan> decided = plan(taken, now, known);
                write(decided);
                return decided;
            });
        } catch (RuntimeException failed) {
            if (taken.isEmpty()) {
                LOG.warn("could not read the due schedules; the next pass tries again", failed);
                return new Round(0, 0);
            }
            LOG.info("deciding {} due schedules together failed ({}); deciding them one by one", taken.size(),
                    failed.toString());
            return new Round(taken.size(), oneByOne(taken, known));
        }
        return new Round(taken.size(), announce(plans));
    }

    /** Decides each schedule in a transaction of its own; stops at a failure other than a lost race (the next pass). */
    private int oneByOne(List<Schedule> taken, Workflows known) {
        int decided = 0;
        for (Schedule schedule : taken) {
            try {
                List<Plan> plans = transactions.atomically(() -> {
                    Instant now = time.now();
                    List<Plan> one = plan(schedules.find(schedule.id()).stream().toList(), now, known);
                    write(one);
                    return one;
                });
                decided += announce(plans);
            } catch (ConcurrentUpdate lost) {
                // another instance, or its owner, changed it meanwhile: theirs stands, the next pass looks again
            } catch (RuntimeException failed) {
                LOG.warn("could not decide the due occurrences of schedule {}; the next pass tries again",
                        schedule.id(), failed);
                break;
            }
        }
        return decided;
    }

    /** The buffered occurrence fires once the previous run ended. */
    private int releaseBuffered(Schedule schedule, Workflows known) {
        try {
            List<Plan> plans = transactions.atomically(() -> {
                Instant now = time.now();
                Optional<Execution> last = lastRunOf(schedule);
                Plan plan = new Plan(schedule);
                Schedule current = settle(plan, schedule, last, now);
                Optional<Occurrence.Decision.Fire> release = current.releaseBuffered(isActive(last));
                if (release.isPresent()) {
                    plan.decisions = 1;
                    current = fire(plan, current, release.get(),
                            recordedOf(schedule), now, known);
                }
                plan.to = current;
                write(List.of(plan));
                return List.of(plan);
            });
            return announce(plans);
        } catch (ConcurrentUpdate lost) {
            return 0;
        } catch (RuntimeException failed) {
            LOG.warn("could not fire the waiting occurrence of schedule {}; the next pass tries again", schedule.id(),
                    failed);
            return 0;
        }
    }

    /** Whether the schedule has an occurrence recorded at a time, looked up at each question (outside a batch). */
    private Predicate<Instant> recordedOf(Schedule schedule) {
        return at -> schedules.occurrence(schedule.id(), at).isPresent();
    }

    private Optional<Execution> lastRunOf(Schedule schedule) {
        return schedule.lastExecution() == null ? Optional.empty() : executions.find(schedule.lastExecution());
    }

    /**
     * Decides the due occurrences of {@code due}, read as they stand at {@code now} (their latest runs, and the
     * occurrences recorded already, each read once for all of them), until about {@link Settings#batch} occurrences
     * are decided: the schedules left are taken by the next round.
     */
    private List<Plan> plan(List<Schedule> due, Instant now, Workflows known) {
        if (due.isEmpty()) {
            return List.of();
        }
        Map<ExecutionId, Execution> runs = executions.findAll(due.stream().map(Schedule::lastExecution)
                .filter(java.util.Objects::nonNull).toList());
        Instant from = due.stream().map(Schedule::nextOccurrence).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(now);
        Map<ScheduleId, Set<Instant>> recorded = from.isAfter(now) ? Map.of()
                : schedules.recorded(due.stream().map(Schedule::id).toList(), from, now);
        List<Plan> plans = new ArrayList<>(due.size());
        int occurrences = 0;
        for (Schedule schedule : due) {
            if (occurrences >= settings.batch()) {
                break;
            }
            Optional<Execution> last = schedule.lastExecution() == null ? Optional.empty()
                    : Optional.ofNullable(runs.get(schedule.lastExecution()));
            Plan plan = planOf(schedule, last, recorded.getOrDefault(schedule.id(), Set.of())::contains, now, known);
            plans.add(plan);
            occurrences += plan.decided.size();
        }
        return plans;
    }

    /** The schedule's due occurrences, decided one after the other as they fell. */
    private Plan planOf(Schedule schedule, Optional<Execution> lastRun, Predicate<Instant> recorded, Instant now,
                        Workflows known) {
        Plan plan = new Plan(schedule);
        Optional<Execution> last = lastRun;
        Schedule current = schedule;
        int missed = 0;
        while (true) {
            current = settle(plan, current, last, now);
            Optional<Occurrence.Decision> due = current.due(now, isActive(last));
            if (due.isEmpty()) {
                break;
            }
            plan.decisions++;
            current = switch (due.get()) {
                case Occurrence.Decision.Fire fire -> fire(plan, current, fire, recorded, now, known);
                case Occurrence.Decision.Skipped skipped -> notFired(plan, current, skipped.after(),
                        skipped.scheduledAt(), Occurrence.Outcome.SKIPPED, skipped.reason(), recorded, now);
                case Occurrence.Decision.Buffered buffered -> buffered.after();
                case Occurrence.Decision.Missed m -> ++missed <= settings.maxMissed()
                        ? notFired(plan, current, m.after(), m.scheduledAt(), Occurrence.Outcome.MISSED, m.reason(),
                                recorded, now)
                        : missedOver(plan, current, m, recorded, now);
            };
            if (!plan.executions.isEmpty()) {
                last = Optional.of(plan.executions.get(plan.executions.size() - 1));   // queued: still to run
            }
        }
        plan.to = current;
        return plan;
    }

    /**
     * Counts the end of the latest run ({@code last}, as read) if it ended and was not counted yet (failures in a row
     * may pause).
     */
    private Schedule settle(Plan plan, Schedule schedule, Optional<Execution> last, Instant now) {
        if (schedule.lastExecution() == null || schedule.lastSettled()) {
            return schedule;
        }
        if (last.isPresent() && !last.get().status().isTerminal()) {
            return schedule;
        }
        boolean failed = last.isEmpty() || last.get().status() != ExecutionStatus.COMPLETED;
        Schedule settled = schedule.runEnded(schedule.lastExecution(), failed, now);
        if (!settled.isEnabled() && schedule.isEnabled()) {
            plan.events.add(paused(settled, now));
        }
        return settled;
    }

    /** Whether the latest run is still PENDING or RUNNING. */
    private static boolean isActive(Optional<Execution> last) {
        return last.map(e -> !e.status().isTerminal()).orElse(false);
    }

    /**
     * Fires the occurrence: its execution is checked and queued as a start would queue it. One that cannot be created
     * is recorded as failed to fire; a schedule whose workflow is gone or inactive is paused with the reason.
     */
    private Schedule fire(Plan plan, Schedule current, Occurrence.Decision.Fire fire, Predicate<Instant> recorded,
                          Instant now, Workflows known) {
        Schedule next = fire.after();
        if (recorded.test(fire.scheduledAt())) {
            return next;   // by its owner's trigger or backfill at that very time: the schedule only moves past it
        }
        var definition = current.definition();
        Optional<Workflow> workflow = known.find(definition.projectId()).filter(w -> w.isOwnedBy(current.owner()));
        if (workflow.isEmpty() || !workflow.get().isActive()) {
            String reason = "the workflow " + definition.projectId().value()
                    + (workflow.isEmpty() ? " no longer exists" : " is inactive");
            Schedule paused = next.pause(reason, now);
            Schedule after = notFired(plan, current, paused, fire.scheduledAt(), Occurrence.Outcome.FAILED_TO_FIRE,
                    reason, recorded, now);
            plan.events.add(paused(paused, now));
            return after;
        }
        String refused = refusal(current, workflow.get());
        if (refused != null) {
            return notFired(plan, current, next, fire.scheduledAt(), Occurrence.Outcome.FAILED_TO_FIRE, refused,
                    recorded, now);
        }
        ExecutionId id = new ExecutionId(ids.newId());
        Execution accepted = Execution.accept(id, workflow.get().projectId(), current.owner(), definition.params(), null,
                definition.timeoutSeconds() == null ? executionSettings.defaultTimeout()
                        : new ExecutionTimeout(definition.timeoutSeconds()),
                executionSettings.dispatchTimeout(), now, definition.target()).forRevision(workflow.get().revision());
        Schedule fired = next.fired(id);
        plan.record(new Occurrence(current.id(), fire.scheduledAt(), now, Occurrence.Outcome.FIRED, id, null),
                current.fireTimeOf(fire.scheduledAt()));
        plan.executions.add(accepted);
        plan.events.add(new ScheduleEvent.Fired(ids.newId(), current.id(), current.owner(),
                definition.projectId().value(), fired.revision(), fire.scheduledAt(), id, now));
        return fired;
    }

    /** Why the occurrence's execution cannot be created (the params or the target no longer fit), or null. */
    private String refusal(Schedule schedule, Workflow workflow) {
        try {
            targets.check(schedule.owner(), schedule.definition().target());
        } catch (InvalidInput refused) {
            return "its target cannot run: " + refused.getMessage();
        }
        try {
            validator.check(workflow, schedule.definition().params());
        } catch (InvalidInput refused) {
            return "its params no longer fit the workflow's parameters: " + refused.getMessage();
        }
        return null;
    }

    /** Past {@code maxMissed} missed in a row: one record for the rest, and the schedule moves to the window. */
    private Schedule missedOver(Plan plan, Schedule current, Occurrence.Decision.Missed missed,
                                Predicate<Instant> recorded, Instant now) {
        Schedule moved = current.skipMissedBefore(now);
        String reason = missed.reason() + "; so was every occurrence after it until " + moved.nextOccurrence()
                + " (more than " + settings.maxMissed() + " missed in a row: not recorded one by one)";
        return notFired(plan, current, moved, missed.scheduledAt(), Occurrence.Outcome.MISSED, reason, recorded, now);
    }

    /** An occurrence that did not fire, with its reason and event (unless recorded already: then only {@code next}). */
    private Schedule notFired(Plan plan, Schedule current, Schedule next, Instant scheduledAt,
                              Occurrence.Outcome outcome, String reason, Predicate<Instant> recorded, Instant now) {
        if (recorded.test(scheduledAt)) {
            return next;
        }
        plan.events.add(new ScheduleEvent.NotFired(ids.newId(), current.id(), current.owner(),
                current.definition().projectId().value(), next.revision(), scheduledAt, outcome, reason, now));
        plan.record(new Occurrence(current.id(), scheduledAt, null, outcome, null, reason),
                current.fireTimeOf(scheduledAt));
        return next;
    }

    private ScheduleEvent.Paused paused(Schedule paused, Instant now) {
        return ScheduleEvent.Paused.of(ids.newId(), paused, now);
    }

    /**
     * Writes the plans in one transaction: the schedules' changes (each under the revision it was decided from), their
     * occurrences (each recorded once, else all is rolled back), the executions queued and every event.
     *
     * @throws ConcurrentUpdate when a schedule changed meanwhile, or an occurrence was recorded meanwhile
     */
    private void write(List<Plan> plans) {
        List<ScheduleRepository.Change> changed = new ArrayList<>(plans.size());
        List<ScheduleRepository.OwnedOccurrence> occurrences = new ArrayList<>();
        List<Execution> queued = new ArrayList<>();
        List<DomainEvent> recorded = new ArrayList<>();
        for (Plan plan : plans) {
            if (plan.to != plan.from) {
                changed.add(new ScheduleRepository.Change(plan.from, plan.to));
            }
            occurrences.addAll(plan.occurrences);
            queued.addAll(plan.executions);
            recorded.addAll(plan.events);
        }
        if (changed.isEmpty()) {
            return;
        }
        changes.acceptAll(queued, () -> {
            schedules.updateAll(changed);
            schedules.recordAll(occurrences);
            events.record(recorded);
        });
    }

    /**
     * After the commit: each decision heard of (how late after its fire time, now that it is stored), and the owners
     * of the executions queued have their robots here take what they can, off this thread (the other instances hear
     * of them on the bus).
     *
     * @return how many occurrences the plans decided
     */
    private int announce(List<Plan> plans) {
        Instant now = time.now();
        int decided = 0;
        Set<UserId> owners = new java.util.LinkedHashSet<>();
        for (Plan plan : plans) {
            for (Decided d : plan.decided) {
                Duration late = Duration.between(d.fireTime(), now);
                observer.decided(d.outcome(), late.isNegative() ? Duration.ZERO : late);
            }
            decided += plan.decisions;
            plan.executions.forEach(execution -> owners.add(execution.ownerId()));
        }
        for (UserId owner : owners) {
            Thread.ofVirtual().name("schedule-dispatch").start(() -> {
                try {
                    dispatcher.queued(owner);
                } catch (RuntimeException e) {
                    LOG.warn("dispatching {}'s queue after its schedules fired failed; the queue rescan tries again",
                            owner, e);
                }
            });
        }
        return decided;
    }

    /** An occurrence decided, for the observer: its outcome and the time it was to fire. */
    private record Decided(Occurrence.Outcome outcome, Instant fireTime) {
    }

    /** What a schedule's decisions come to, not written yet. */
    private static final class Plan {
        final Schedule from;
        Schedule to;
        final List<ScheduleRepository.OwnedOccurrence> occurrences = new ArrayList<>(1);
        final List<Execution> executions = new ArrayList<>(1);
        final List<DomainEvent> events = new ArrayList<>(1);
        final List<Decided> decided = new ArrayList<>(1);
        /** Occurrences decided: recorded, buffered, or passed over as recorded already. */
        int decisions;

        Plan(Schedule from) {
            this.from = from;
            this.to = from;
        }

        void record(Occurrence occurrence, Instant fireTime) {
            occurrences.add(new ScheduleRepository.OwnedOccurrence(from.owner(), occurrence));
            decided.add(new Decided(occurrence.outcome(), fireTime));
        }

    }

    /** The workflows a pass looked at, each read once a pass (by any of its workers). */
    private final class Workflows {
        private final Map<String, Optional<Workflow>> seen = new java.util.concurrent.ConcurrentHashMap<>();

        Optional<Workflow> find(ProjectId project) {
            return seen.computeIfAbsent(project.value(), key -> workflows.find(project));
        }
    }
}
