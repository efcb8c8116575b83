package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.application.change.LostRaces;
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
        return LostRaces.retry(() -> fire.trigger(owned.of(caller, id)));
    }
}
