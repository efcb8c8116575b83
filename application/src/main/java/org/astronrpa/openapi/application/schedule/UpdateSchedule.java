package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Changes a caller's schedule: the fields sent replace the schedule's, checked whole; its next occurrence is the
 * first after now by the new definition (an edit never leaves it without one). A change made meanwhile by the
 * scheduler (an occurrence decided) is read again and the caller's change applied over it.
 */
public final class UpdateSchedule {
    private final OwnedSchedules owned;
    private final TimeSource time;

    public UpdateSchedule(OwnedSchedules owned, TimeSource time) {
        this.owned = owned;
        this.time = time;
    }

    public Schedule update(UserId caller, String id, ScheduleInput input) {
        return owned.change(caller, id, current ->
                current.redefine(owned.checked(caller, input, current.definition()), time.now()));
    }
}
