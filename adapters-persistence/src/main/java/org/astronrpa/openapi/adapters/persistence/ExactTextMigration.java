package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * V9 (H2 only): the text bodies — event payloads, execution parameters, results and errors, log lines, workflow
 * parameter schemas — become exact text. The service's H2 URL sets IGNORECASE, which made every LONGTEXT and TEXT
 * column VARCHAR_IGNORECASE: H2 then upper-cases and hashes each value written to one, a cost nothing needs — no
 * query compares or searches these columns (the list filters compare ids, statuses and times; the workflow search
 * reads names). Measured under issue 11's benchmark: 1.6% of the service's CPU, most of it for outbox payloads, which
 * are several hundred characters each. MySQL/MariaDB compare LONGTEXT by the table's collation only when asked to,
 * and keep their columns. H2 rebuilds each table it alters: on a large embedded database the first start of this
 * version takes a while longer.
 */
final class ExactTextMigration extends DdlMigration {
    /** Table, column: each one LONGTEXT or TEXT in V1, V2 and V6. */
    private static final List<String[]> BODIES = List.of(
            new String[] {"outbox", "payload"},
            new String[] {"executions", "params"},
            new String[] {"executions", "result"},
            new String[] {"executions", "error"},
            new String[] {"execution_logs", "message"},
            new String[] {"workflows", "parameters"});

    ExactTextMigration(boolean embedded) {
        super(9, "exact text bodies on H2", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        if (!embedded) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            for (String[] column : BODIES) {
                // SET DATA TYPE keeps the column's NOT NULL; VARCHAR without a length holds what LONGTEXT held
                ddl.execute("ALTER TABLE " + column[0] + " ALTER COLUMN " + column[1]
                        + " SET DATA TYPE VARCHAR_CASESENSITIVE");
            }
        }
    }
}
