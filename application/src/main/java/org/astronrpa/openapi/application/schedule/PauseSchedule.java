package org.astronrpa.openapi.application.schedule;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleEvent;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The caller pauses a schedule (nothing falls until it is resumed) or resumes it (its next occurrence is the first
 * after now: what fell while paused is not caught up). Either is idempotent.
 */
public final class PauseSchedule {
    /** The reason a pause by its owner gives in its {@code schedule.paused} event (the schedule itself shows none). */
    static final String BY_ITS_OWNER = "paused by its owner";
    private final OwnedSchedules owned;
    private final IdGenerator ids;
    private final TimeSource time;

    public PauseSchedule(OwnedSchedules owned, IdGenerator ids, TimeSource time) {
        this.owned = owned;
        this.ids = ids;
        this.time = time;
    }

    /**
     * A pause records its {@code schedule.paused} event with the change, as the scheduler's pauses do, and a resume
     * its {@code schedule.resumed}; asking for what is so already changes and records nothing.
     *
     * @param paused true to pause, false to resume
     */
    public Schedule set(UserId caller, String id, boolean paused) {
        Instant now = time.now();
        return owned.change(caller, id, current -> current.isEnabled() != paused ? current   // as asked already
                        : paused ? current.pause(null, now) : current.resume(now),
                (before, after) -> List.of(paused
                        ? ScheduleEvent.Paused.of(ids.newId(), after, BY_ITS_OWNER, now)
                        : ScheduleEvent.Changed.of(ids.newId(), after, ScheduleEvent.Changed.Change.RESUMED, now)));
    }
}
