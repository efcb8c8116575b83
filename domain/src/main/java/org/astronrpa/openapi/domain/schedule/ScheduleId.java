package org.astronrpa.openapi.domain.schedule;

import java.util.Objects;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/** A schedule's id: made by the service, sent back by callers in paths (1..64 characters). */
public record ScheduleId(String value) {
    public ScheduleId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 64) {
            throw InvalidInput.of("id", "a schedule id is 1..64 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
