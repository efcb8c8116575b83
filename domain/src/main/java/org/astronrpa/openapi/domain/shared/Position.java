package org.astronrpa.openapi.domain.shared;

import java.time.Instant;
import java.util.Objects;

/**
 * A place in a newest-first list: the sort time and id of the last row a page gave. The next page holds the rows
 * strictly after it in that order — older, or as old with a smaller id — so that rows added at the head while a
 * client pages never shift what it gets next (keyset paging), and a row removed meanwhile moves nothing either.
 */
public record Position(Instant time, String id) {
    public Position {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(id, "id");
    }

    /** Whether a row sorted at {@code rowTime}, {@code rowId} comes after this place, newest first. */
    public boolean isBefore(Instant rowTime, String rowId) {
        int byTime = rowTime.compareTo(time);
        return byTime < 0 || byTime == 0 && rowId.compareTo(id) < 0;
    }
}
