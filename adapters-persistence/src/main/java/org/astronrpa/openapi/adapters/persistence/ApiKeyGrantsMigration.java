package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V20: what a key may do (issue 16, {@code KeyGrant}): {@code scopes} (wire names separated by spaces; null for a key
 * issued before scopes, which keeps its owner's full power), {@code workflow_ids} (a JSON array, null for all),
 * {@code rate_limit_per_minute}, {@code max_concurrent_executions}, {@code allowed_ips} (CIDR blocks separated by
 * commas), and {@code revision}, which a change or revocation moves on (existing keys start at 1). In Java so that H2
 * keeps the table's exact columns exact ({@link H2Ddl}).
 */
final class ApiKeyGrantsMigration extends DdlMigration {
    ApiKeyGrantsMigration(boolean embedded) {
        super(20, "api key grants", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        String text = embedded ? "" : " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        try (Statement ddl = connection.createStatement()) {
            for (String column : new String[] {
                    "scopes VARCHAR(400)" + text + " NULL",
                    "workflow_ids LONGTEXT" + text + " NULL",
                    "rate_limit_per_minute INT NULL",
                    "max_concurrent_executions INT NULL",
                    "allowed_ips VARCHAR(5000)" + text + " NULL",
                    "revision BIGINT NOT NULL DEFAULT 1"}) {
                ddl.execute("ALTER TABLE api_keys ADD COLUMN " + column);
            }
        }
    }
}
