package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.schedule.ScheduleNotFound;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/** Deletes a caller's schedule and its history; executions it created stay. */
public final class DeleteSchedule {
    private final OwnedSchedules owned;
    private final IdGenerator ids;
    private final TimeSource time;

    public DeleteSchedule(OwnedSchedules owned, IdGenerator ids, TimeSource time) {
        this.owned = owned;
        this.ids = ids;
        this.time = time;
    }

    /** The deletion is recorded ({@code schedule.deleted}) with it; a schedule deleted meanwhile is not found. */
    public void delete(UserId caller, String id) {
        Schedule schedule = owned.of(caller, id);
        owned.atomically(() -> {
            if (!owned.store().delete(schedule.id())) {
                throw new ScheduleNotFound(id);   // deleted meanwhile: nothing is recorded
            }
            return schedule;
        }, ScheduleEvent.Changed.of(ids.newId(), schedule, ScheduleEvent.Changed.Change.DELETED, time.now()));
    }
}
