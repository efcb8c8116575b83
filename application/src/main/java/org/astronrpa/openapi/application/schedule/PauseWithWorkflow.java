package org.astronrpa.openapi.application.schedule;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleRepository;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of workflows deleted or made inactive (their events, as the outbox relay publishes them) and pauses their
 * schedules at once, with the reason; each pause stored with its event. Heard again, it changes nothing (paused
 * already). Should this fail, the schedule pauses at its next occurrence anyway ({@link FireSchedules}).
 */
public final class PauseWithWorkflow implements Consumer<DomainEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(PauseWithWorkflow.class);
    private final ScheduleRepository schedules;
    private final Transactions transactions;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;

    public PauseWithWorkflow(ScheduleRepository schedules, Transactions transactions, DomainEvents events,
                             IdGenerator ids, TimeSource time) {
        this.schedules = schedules;
        this.transactions = transactions;
        this.events = events;
        this.ids = ids;
        this.time = time;
    }

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof WorkflowEvent.Deleted deleted) {
            pauseAll(deleted.ownerId(), deleted.projectId(), "the workflow " + deleted.projectId().value()
                    + " was deleted");
        } else if (event instanceof WorkflowEvent.Upserted upserted && !upserted.workflow().isActive()) {
            pauseAll(upserted.ownerId(), upserted.projectId(), "the workflow " + upserted.projectId().value()
                    + " is inactive");
        }
    }

    private void pauseAll(UserId owner, ProjectId workflow, String reason) {
        try {
            List<Schedule> affected = schedules.ofWorkflow(owner, workflow.key());
            for (Schedule schedule : affected) {
                if (schedule.isEnabled()) {
                    LostRaces.retry(() -> pause(schedule, reason));
                }
            }
        } catch (RuntimeException failed) {
            LOG.warn("could not pause the schedules of {}'s workflow {} ({}); each pauses at its next occurrence",
                    owner, workflow, failed.toString());
        }
    }

    private Schedule pause(Schedule seen, String reason) {
        Schedule current = schedules.find(seen.id()).orElse(null);
        if (current == null || !current.isEnabled()) {
            return current;
        }
        Instant now = time.now();
        Schedule paused = current.pause(reason, now);
        return transactions.atomically(() -> {
            schedules.update(current, paused);
            events.record(ScheduleEvent.Paused.of(ids.newId(), paused, now));
            return paused;
        });
    }
}
