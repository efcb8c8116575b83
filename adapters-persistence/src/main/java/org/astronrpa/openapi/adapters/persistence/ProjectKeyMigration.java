package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * V5: project ids are compared by their case-folded key ({@link ProjectId#key()}) in a column compared exactly,
 * instead of by the column's collation — utf8mb4_general_ci takes every emoji (4-byte character) for every other,
 * and é for e. Adds {@code project_key} to workflows (its new primary key) and executions (the project filter's
 * index), filled from the rows' project ids by the same Java code that computes keys for new rows.
 */
final class ProjectKeyMigration extends DdlMigration {
    private static final int BATCH = 1_000;

    ProjectKeyMigration(boolean embedded) {
        super(5, "project keys compared exactly", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        String type = embedded ? "VARCHAR_CASESENSITIVE(100)" : "VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE workflows ADD COLUMN project_key " + type + " NULL");
            ddl.execute("ALTER TABLE executions ADD COLUMN project_key " + type + " NULL");
        }
        // a workflow's project_id is unique under the old rule, so it names exactly its own row
        fill(connection, "workflows", "project_id");
        fill(connection, "executions", "id");
        try (Statement ddl = connection.createStatement()) {
            if (embedded) {
                ddl.execute("ALTER TABLE workflows ALTER COLUMN project_key SET NOT NULL");
                ddl.execute("ALTER TABLE workflows DROP PRIMARY KEY");
                ddl.execute("ALTER TABLE workflows ADD PRIMARY KEY (project_key)");
                ddl.execute("ALTER TABLE executions ALTER COLUMN project_key SET NOT NULL");
                ddl.execute("DROP INDEX ix_executions_user_project_start");
            } else {
                ddl.execute("ALTER TABLE workflows MODIFY project_key " + type + " NOT NULL, DROP PRIMARY KEY,"
                        + " ADD PRIMARY KEY (project_key)");
                ddl.execute("ALTER TABLE executions MODIFY project_key " + type + " NOT NULL,"
                        + " DROP INDEX ix_executions_user_project_start");
            }
            ddl.execute("CREATE INDEX ix_executions_user_project_key_start"
                    + " ON executions (user_id, project_key, start_time, id)");
        }
    }

    /** Sets project_key from project_id in every row of {@code table}, a page at a time by {@code rowKey}. */
    private static void fill(Connection connection, String table, String rowKey) throws SQLException {
        String after = "";
        while (true) {
            List<String[]> rows = new ArrayList<>();
            try (PreparedStatement page = connection.prepareStatement("SELECT " + rowKey + " AS row_key, project_id FROM "
                    + table + " WHERE project_key IS NULL AND " + rowKey + " > ? ORDER BY " + rowKey + " LIMIT " + BATCH)) {
                page.setString(1, after);
                try (ResultSet result = page.executeQuery()) {
                    while (result.next()) {
                        rows.add(new String[] {result.getString("row_key"), result.getString("project_id")});
                    }
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + table + " SET project_key = ? WHERE " + rowKey + " = ?")) {
                for (String[] row : rows) {
                    update.setString(1, ProjectId.keyOf(row[1]));
                    update.setString(2, row[0]);
                    update.addBatch();
                }
                update.executeBatch();
            }
            after = rows.get(rows.size() - 1)[0];
        }
    }
}
