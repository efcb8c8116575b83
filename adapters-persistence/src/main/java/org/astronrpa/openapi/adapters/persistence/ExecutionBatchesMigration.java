package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V15: executions started together, one per matching robot ({@code strategy: "all"}, issue 13), share a batch id,
 * listed with {@code GET /executions?batch_id=} from their own index. In Java because H2 rebuilds the table on ALTER
 * and would make its exact columns case-insensitive ({@link H2Ddl}); MariaDB adds a nullable column in place.
 */
final class ExecutionBatchesMigration extends DdlMigration {
    ExecutionBatchesMigration(boolean embedded) {
        super(15, "execution batches", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE executions ADD COLUMN batch_id "
                    + (embedded ? "VARCHAR_CASESENSITIVE(36)" : "VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin")
                    + " NULL");
            ddl.execute("CREATE INDEX ix_executions_user_batch_start ON executions (user_id, batch_id, start_time, id)");
        }
    }
}
