package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.ScheduleNotFound;
import org.astronrpa.openapi.domain.shared.UserId;

/** Deletes a caller's schedule and its history; executions it created stay. */
public final class DeleteSchedule {
    private final OwnedSchedules owned;

    public DeleteSchedule(OwnedSchedules owned) {
        this.owned = owned;
    }

    public void delete(UserId caller, String id) {
        if (!owned.store().delete(owned.of(caller, id).id())) {
            throw new ScheduleNotFound(id);
        }
    }
}
