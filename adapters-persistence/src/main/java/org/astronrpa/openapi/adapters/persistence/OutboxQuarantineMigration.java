package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V7: outbox rows a relay cannot read back as an event (a type written by a newer version during a rolling upgrade,
 * text damaged by hand, a field this version refuses) are quarantined where they are read ({@link OutboxQuarantine}):
 * {@code quarantined_at} says when, {@code quarantine_reason} why (cut to 255 characters); {@code claimed_by} names
 * the relay that set the row aside. Such a row is never claimed again and, being unpublished, never purged. In Java
 * rather than SQL only to keep H2's exact columns exact ({@link H2Ddl}); one column a statement, as H2 and MySQL
 * write several differently. Both add a trailing nullable column without copying rows on MySQL 8 and MariaDB 10.3+.
 */
final class OutboxQuarantineMigration extends DdlMigration {
    OutboxQuarantineMigration(boolean embedded) {
        super(7, "outbox quarantine", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE outbox ADD COLUMN quarantined_at DATETIME(3) NULL");
            ddl.execute("ALTER TABLE outbox ADD COLUMN quarantine_reason VARCHAR("
                    + OutboxQuarantine.REASON_LENGTH + ") NULL");
        }
    }
}
