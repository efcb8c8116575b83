package org.astronrpa.openapi.application.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The caller fires now the occurrences of a schedule that fell between two past times, by its spec (within its
 * {@code start_at} and {@code end_at}), oldest first: each one not recorded yet fires as an occurrence of its own time
 * (whatever runs, paused or not); one recorded already — fired, skipped, missed or failed — is left as it is. At most
 * {@value #MAX_OCCURRENCES} occurrences a request.
 */
public final class BackfillSchedule {
    public static final int MAX_OCCURRENCES = 1_000;
    private final OwnedSchedules owned;
    private final FireSchedules fire;
    private final TimeSource time;

    /**
     * What a backfill did.
     *
     * @param fired        the occurrences it recorded (fired, or failed to fire), oldest first
     * @param alreadyThere how many of the range's occurrences were recorded before and left alone
     */
    public record Backfilled(List<Occurrence> fired, int alreadyThere) {
    }

    public BackfillSchedule(OwnedSchedules owned, FireSchedules fire, TimeSource time) {
        this.owned = owned;
        this.fire = fire;
        this.time = time;
    }

    public Backfilled backfill(UserId caller, String id, Instant from, Instant to) {
        FieldErrors errors = new FieldErrors();
        if (from == null) {
            errors.add("from", "is required");
        }
        if (to == null) {
            errors.add("to", "is required");
        } else if (from != null && to.isBefore(from)) {
            errors.add("to", "must not be before from");
        } else if (to.isAfter(time.now())) {
            errors.add("to", "must not be in the future (the schedule fires those itself)");
        }
        errors.throwIfAny();
        Schedule schedule = owned.of(caller, id);
        List<Instant> times = schedule.occurrencesBetween(from, to, MAX_OCCURRENCES);
        if (times.size() > MAX_OCCURRENCES) {
            throw InvalidInput.of("to", "the range holds more than " + MAX_OCCURRENCES
                    + " occurrences; backfill it in parts");
        }
        List<Occurrence> fired = new ArrayList<>();
        int alreadyThere = 0;
        for (Instant at : times) {
            // decided again after a lost race: the winner may have recorded it
            Optional<Occurrence> firedHere = LostRaces.retry(() -> fire.backfill(owned.of(caller, id), at));
            if (firedHere.isPresent()) {
                fired.add(firedHere.get());
            } else {
                alreadyThere++;
            }
        }
        return new Backfilled(fired, alreadyThere);
    }
}
