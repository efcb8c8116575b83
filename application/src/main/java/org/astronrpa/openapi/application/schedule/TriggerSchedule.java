package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The caller fires a schedule now, outside its spec, paused or not and whatever runs: an occurrence scheduled now,
 * recorded like any other (fired, or failed to fire with the reason); the coming occurrences stay as they were.
 */
public final class TriggerSchedule {
    private final OwnedSchedules owned;
    private final FireSchedules fire;

    public TriggerSchedule(OwnedSchedules owned, FireSchedules fire) {
        this.owned = owned;
        this.fire = fire;
    }

    public Occurrence trigger(UserId caller, String id) {
        Schedule after = LostRaces.retry(() -> fire.trigger(owned.of(caller, id)));
        // scheduled now: the latest of its history
        return owned.store().occurrences(after.id(), new PageRequest(1, 1)).records().get(0);
    }
}
