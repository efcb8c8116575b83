package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V28 (issue 17, upstream astron-rpa's integration contract): a workflow keeps its owner's integration declaration
 * (canonical JSON text), and the contract's starts keep their idempotency keys for good, in a table of their own: the
 * 24-hour purge of {@code idempotency_keys} never reaches them, and they never meet our own routes' keys. The service
 * stores a key as its SHA-256 hex, as upstream does. In Java for the reason {@link ExecutionCallbacksMigration} gives
 * (H2 rebuilds the table on ALTER).
 */
final class ContractStartsMigration extends DdlMigration {
    ContractStartsMigration(boolean embedded) {
        super(28, "contract starts", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        String exactId = embedded ? Database.H2_EXACT_ID : Database.MYSQL_EXACT_ID;
        String exactKey = embedded ? Database.H2_EXACT_KEY : Database.MYSQL_EXACT_KEY;
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE workflows ADD COLUMN integration LONGTEXT NULL");
            ddl.execute("CREATE TABLE contract_idempotency_keys ("
                    + " user_id " + exactId + " NOT NULL,"
                    + " idem_key " + exactKey + " NOT NULL,"
                    + " fingerprint VARCHAR(128) NOT NULL,"
                    + " execution_id " + exactId + " NOT NULL,"
                    + " created_at DATETIME(3) NOT NULL,"
                    + " PRIMARY KEY (user_id, idem_key))" + (embedded ? "" : " DEFAULT CHARSET=utf8mb4"));
        }
    }
}
