package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V25: each allow-list row (V22) carries the creation time of its workflow — of the key owner's workflow of that id,
 * {@code NULL} while the owner has none — indexed in the list's order, so that a page of a key's list walks its own
 * allow-list newest first and reads only the page's workflows (WorkflowListQuery), instead of walking the owner's
 * workflows and probing the allow-list for each. Kept by JdbiWorkflowRepository (a workflow made or deleted) and
 * JdbiApiKeyStore (an allow-list written), both under the owner's workflow generation row (V24), so that neither
 * misses the other's change. In Java so that H2 keeps the table's exact columns exact ({@link H2Ddl}).
 */
final class AllowListOrderMigration extends DdlMigration {
    AllowListOrderMigration(boolean embedded) {
        super(25, "allow list order", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE api_key_workflows ADD COLUMN created_at DATETIME(3) NULL");
            ddl.execute("CREATE INDEX ix_api_key_workflows_order ON api_key_workflows (key_id, created_at, project_key)");
            ddl.execute("CREATE INDEX ix_api_key_workflows_project ON api_key_workflows (project_key)");
            ddl.execute("""
                    UPDATE api_key_workflows SET created_at = (
                        SELECT w.created_at FROM workflows w JOIN api_keys k ON k.user_id = w.user_id
                         WHERE w.project_key = api_key_workflows.project_key AND k.id = api_key_workflows.key_id)""");
        }
    }
}
