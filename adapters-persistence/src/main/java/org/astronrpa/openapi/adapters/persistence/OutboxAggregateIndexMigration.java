package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V17 (MySQL/MariaDB; nothing on H2, which has no such index since V8): {@code ix_outbox_aggregate} becomes
 * {@code (aggregate_id, published_at, id)}. The appends and claims of several instances look up the unpublished rows
 * of the aggregates they write ({@code aggregate_id IN (…) AND published_at IS NULL}); keyed by the aggregate alone,
 * each lookup read every row the aggregate ever had that is still kept, published or not. A schedule firing every
 * minute has 1,440 a day: the scheduler's appends of ten thousand such schedules spent over a second in those lookups
 * (docs/BENCHMARKS.md, issue 14). With the publication in the key a lookup reads the unpublished rows only.
 */
final class OutboxAggregateIndexMigration extends DdlMigration {
    OutboxAggregateIndexMigration(boolean embedded) {
        super(17, "outbox aggregate index by publication", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        if (embedded) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE outbox DROP INDEX ix_outbox_aggregate,"
                    + " ADD INDEX ix_outbox_aggregate (aggregate_id, published_at, id)");
        }
    }
}
