package org.astronrpa.openapi.application.schedule;

import org.astronrpa.openapi.domain.schedule.Occurrence;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** The history of a caller's schedule: every occurrence decided, latest scheduled time first. */
public final class ListOccurrences {
    private final OwnedSchedules owned;

    public ListOccurrences(OwnedSchedules owned) {
        this.owned = owned;
    }

    public Page<Occurrence> list(UserId caller, String id, PageRequest page) {
        return owned.store().occurrences(owned.of(caller, id).id(), page);
    }
}
