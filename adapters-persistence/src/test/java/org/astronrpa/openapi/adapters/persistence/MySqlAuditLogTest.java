package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.AfterAll;

class MySqlAuditLogTest extends StoredAuditLogContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected AuditLog emptyLog() {
        database = MYSQL.emptyDatabase();
        return database.auditLog();
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }
}
