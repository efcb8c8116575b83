package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** The caller's schedules, most recently created first. */
public final class ListSchedules {
    private final OwnedSchedules owned;

    public ListSchedules(OwnedSchedules owned) {
        this.owned = owned;
    }

    public Page<Schedule> list(UserId caller, PageRequest page) {
        return owned.store().page(caller, page);
    }
}
