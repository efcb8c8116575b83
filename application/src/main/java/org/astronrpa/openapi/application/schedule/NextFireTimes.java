package org.astronrpa.openapi.application.schedule;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The coming occurrences of a caller's schedule, from its next one: when each is scheduled (UTC, and on the
 * schedule's wall clock) and when it fires (with its jitter). None while it is paused or past its end.
 */
public final class NextFireTimes {
    public static final int MAX = 100;
    private final OwnedSchedules owned;

    /** One coming occurrence. */
    public record Coming(Instant scheduledAt, ZonedDateTime local, Instant firesAt) {
    }

    public NextFireTimes(OwnedSchedules owned) {
        this.owned = owned;
    }

    public List<Coming> next(UserId caller, String id, int n) {
        if (n < 1 || n > MAX) {
            throw InvalidInput.of("n", "must be between 1 and " + MAX);
        }
        Schedule schedule = owned.of(caller, id);
        List<Coming> coming = new ArrayList<>(n);
        if (!schedule.isEnabled()) {
            return coming;
        }
        Instant at = schedule.nextOccurrence();
        var definition = schedule.definition();
        while (at != null && coming.size() < n) {
            coming.add(new Coming(at, at.atZone(definition.zone()), schedule.fireTimeOf(at)));
            Instant next = definition.recurrence(schedule.createdAt()).nextAfter(at).orElse(null);
            at = next == null || (definition.endAt() != null && next.isAfter(definition.endAt())) ? null : next;
        }
        return coming;
    }
}
