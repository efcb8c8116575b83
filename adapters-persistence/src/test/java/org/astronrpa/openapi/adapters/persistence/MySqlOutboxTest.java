package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.OutboxContract;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.AfterAll;

class MySqlOutboxTest extends OutboxContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected Outbox emptyOutbox() {
        database = MYSQL.emptyDatabase();
        return database.outbox();
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }
}
