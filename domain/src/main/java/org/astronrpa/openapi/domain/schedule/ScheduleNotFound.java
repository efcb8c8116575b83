package org.astronrpa.openapi.domain.schedule;

import org.astronrpa.openapi.domain.shared.NotFound;

/** No schedule of that id for this caller (another user's is not found either). */
public final class ScheduleNotFound extends NotFound {
    public ScheduleNotFound(String id) {
        super("schedule '" + id + "' was not found");
    }
}
