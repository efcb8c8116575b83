package org.astronrpa.openapi.application.schedule;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Changes a caller's schedule: the fields sent replace the schedule's, checked whole; its next occurrence is the
 * first after now by the new definition (an edit never leaves it without one). A change made meanwhile by the
 * scheduler (an occurrence decided) is read again and the caller's change applied over it.
 */
public final class UpdateSchedule {
    private final OwnedSchedules owned;
    private final IdGenerator ids;
    private final TimeSource time;

    public UpdateSchedule(OwnedSchedules owned, IdGenerator ids, TimeSource time) {
        this.owned = owned;
        this.ids = ids;
        this.time = time;
    }

    /** The change is recorded ({@code schedule.updated} in the audit log) with it, in its transaction. */
    public Schedule update(UserId caller, String id, ScheduleInput input) {
        Instant now = time.now();
        return owned.change(caller, id, current -> current.redefine(owned.checked(caller, input, current.definition()),
                        now),
                (before, after) -> List.of(ScheduleEvent.Changed.of(ids.newId(), after,
                        ScheduleEvent.Changed.Change.UPDATED, now)));
    }
}
