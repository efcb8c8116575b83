package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/** Saves a new schedule of one of the caller's workflows; its first occurrence is the first after now. */
public final class CreateSchedule {
    private final OwnedSchedules owned;
    private final IdGenerator ids;
    private final TimeSource time;

    public CreateSchedule(OwnedSchedules owned, IdGenerator ids, TimeSource time) {
        this.owned = owned;
        this.ids = ids;
        this.time = time;
    }

    public Schedule create(UserId caller, ScheduleInput input) {
        java.time.Instant now = time.now();
        Schedule schedule = Schedule.create(new ScheduleId(ids.newId()), caller, owned.checked(caller, input, null),
                now);
        return owned.atomically(() -> {
            owned.store().insert(schedule);
            return schedule;
        }, ScheduleEvent.Changed.of(ids.newId(), schedule, ScheduleEvent.Changed.Change.CREATED, now));
    }
}
