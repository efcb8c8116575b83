package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V13: executions aimed at a robot or at robots with given labels (issue 13). The target is kept as its key
 * ({@code RobotTarget.key()}: {@code ''} for any robot, {@code robot:<id>}, or {@code labels:k=v,…} with the keys
 * sorted — at most 646 ASCII characters), compared exactly; existing executions are for any robot. In Java because H2
 * rebuilds the table on ALTER and would make its exact columns case-insensitive ({@link H2Ddl}). On MySQL/MariaDB the
 * column is ASCII, one byte a character, so the queue index stays within InnoDB's 3,072-byte key limit; MariaDB adds a
 * column with a default in place, and builds the index online (on a history of millions of executions the first start
 * of this version takes minutes).
 */
final class ExecutionTargetsMigration extends DdlMigration {
    ExecutionTargetsMigration(boolean embedded) {
        super(13, "execution targets", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE executions ADD COLUMN target "
                    + (embedded ? "VARCHAR_CASESENSITIVE(700)" : "VARCHAR(700) CHARACTER SET ascii COLLATE ascii_bin")
                    + " NOT NULL DEFAULT ''");
            // the owner's queue by target, oldest first: a target's oldest execution is one lookup, and the distinct
            // targets waiting come from this index alone (reading each waiting entry: neither database skips through)
            ddl.execute("CREATE INDEX ix_executions_user_status_target_start"
                    + " ON executions (user_id, status, target, start_time, id)");
        }
    }
}
