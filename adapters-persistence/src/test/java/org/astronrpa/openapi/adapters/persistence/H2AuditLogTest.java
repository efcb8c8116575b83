package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2AuditLogTest extends StoredAuditLogContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected AuditLog emptyLog() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.auditLog();
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
