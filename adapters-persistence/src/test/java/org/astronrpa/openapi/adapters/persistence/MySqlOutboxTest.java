package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.OutboxContract;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.AfterAll;

class MySqlOutboxTest extends OutboxContract {
    static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected Outbox emptyOutbox() {
        database = MYSQL.emptyDatabase();
        return outboxOf(database);
    }

    /** The outbox under test, on {@code database}: the one it opened. */
    protected Outbox outboxOf(Database database) {
        return database.outbox();
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }
}
