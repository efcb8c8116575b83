package org.astronrpa.openapi.application.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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

    /** The coming occurrences of a schedule whose wall clock is {@code zone}. */
    public record Upcoming(ZoneId zone, List<Coming> next) {
    }

    public NextFireTimes(OwnedSchedules owned) {
        this.owned = owned;
    }

    public Upcoming next(UserId caller, String id, int n) {
        if (n < 1 || n > MAX) {
            throw InvalidInput.of("n", "must be between 1 and " + MAX);
        }
        return of(owned.of(caller, id), n);
    }

    /** The next {@code n} occurrences of {@code schedule}, read already (a list of schedules shows them too). */
    public static Upcoming of(Schedule schedule, int n) {
        ZoneId zone = schedule.definition().zone();
        return new Upcoming(zone, schedule.coming(n).stream()
                .map(at -> new Coming(at, at.atZone(zone), schedule.fireTimeOf(at))).toList());
    }
}
