package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * V7: outbox rows a relay cannot read back as an event (a type written by a newer version during a rolling upgrade,
 * text damaged by hand, a field this version refuses) are quarantined where they are read ({@link OutboxQuarantine}):
 * {@code quarantined_at} says when, {@code quarantine_reason} why (cut to 255 characters); {@code claimed_by} names
 * the relay that set the row aside. Such a row is never claimed again and, being unpublished, never purged. In Java
 * rather than SQL only to keep H2's exact columns exact ({@link H2Ddl}); one column a statement, as H2 and MySQL
 * write several differently. Both add a trailing nullable column without copying rows on MySQL 8 and MariaDB 10.3+.
 */
final class OutboxQuarantineMigration implements JavaMigration {
    private final boolean embedded;

    OutboxQuarantineMigration(boolean embedded) {
        this.embedded = embedded;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "outbox quarantine";
    }

    @Override
    public Integer getChecksum() {
        return 7;
    }

    /** MySQL commits each DDL statement on its own anyway. */
    @Override
    public boolean canExecuteInTransaction() {
        return embedded;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        H2Ddl.keepingExactColumns(context.getConnection(), embedded, OutboxQuarantineMigration::addColumns);
    }

    private static void addColumns(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE outbox ADD COLUMN quarantined_at DATETIME(3) NULL");
            ddl.execute("ALTER TABLE outbox ADD COLUMN quarantine_reason VARCHAR("
                    + OutboxQuarantine.REASON_LENGTH + ") NULL");
        }
    }
}
