package org.astronrpa.openapi.adapters.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/** Timestamps on the wire: ISO-8601 UTC with {@code Z} and exactly three fraction digits. */
final class Times {
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(Instant instant) {
        return instant == null ? null : WIRE.format(instant);
    }

    /** Parses an ISO-8601 instant with an offset ({@code Z} or {@code +08:00}). */
    static Instant parse(String field, String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidInput.of(field, "must be an ISO-8601 date-time with an offset, e.g. 2030-01-31T12:00:00Z");
        }
    }
}
