package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as UTC wall-clock DATETIME(3) values, so that neither the JVM's nor the session's time zone can move
 * a stored time. They are bound as text: Connector/J takes MariaDB 10 (which announces itself as "5.5.5-…")
 * for a server without fractional seconds and drops the milliseconds of a bound date-time object.
 */
final class UtcTimes {
    private static final DateTimeFormatter COLUMN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private UtcTimes() {
    }

    static String column(Instant instant) {
        return instant == null ? null : COLUMN.format(instant);
    }

    static Instant read(ResultSet row, String column) throws SQLException {
        LocalDateTime value = row.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
