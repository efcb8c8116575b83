package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema changes that keep H2's exact columns exact. H2 rebuilds a table on ALTER and, while IGNORECASE is on (as the
 * service's H2 URL sets it), turns every VARCHAR of it — the exact user, execution and event ids too — into
 * VARCHAR_IGNORECASE; so a Java migration that alters a table runs its statements with IGNORECASE off. An SQL
 * migration cannot: MySQL has no such setting.
 */
final class H2Ddl {

    /** Statements on one connection, as a migration runs them. */
    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    private H2Ddl() {
    }

    /** Runs {@code work}; on H2 ({@code embedded}) with IGNORECASE off until it returns. */
    static void keepingExactColumns(Connection connection, boolean embedded, Work work) throws SQLException {
        if (!embedded) {
            work.run(connection);
            return;
        }
        try (Statement setting = connection.createStatement()) {
            setting.execute("SET IGNORECASE FALSE");
            try {
                work.run(connection);
            } finally {
                setting.execute("SET IGNORECASE TRUE");
            }
        }
    }
}
