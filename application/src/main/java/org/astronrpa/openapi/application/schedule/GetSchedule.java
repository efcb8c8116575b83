package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.shared.UserId;

/** One of the caller's schedules. */
public final class GetSchedule {
    private final OwnedSchedules owned;

    public GetSchedule(OwnedSchedules owned) {
        this.owned = owned;
    }

    public Schedule get(UserId caller, String id) {
        return owned.of(caller, id);
    }
}
