package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The caller pauses a schedule (nothing falls until it is resumed) or resumes it (its next occurrence is the first
 * after now: what fell while paused is not caught up). Either is idempotent.
 */
public final class PauseSchedule {
    private final OwnedSchedules owned;
    private final TimeSource time;

    public PauseSchedule(OwnedSchedules owned, TimeSource time) {
        this.owned = owned;
        this.time = time;
    }

    /** @param paused true to pause, false to resume */
    public Schedule set(UserId caller, String id, boolean paused) {
        return owned.change(caller, id, current -> current.isEnabled() != paused ? current   // as asked already
                : paused ? current.pause(null, time.now()) : current.resume(time.now()));
    }
}
