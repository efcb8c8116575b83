package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.astronrpa.openapi.domain.contract.OutboxContract;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox contract on MySQL/MariaDB with one INSERT a row, as a server whose InnoDB may interleave ids (MySQL 8's
 * default lock mode) gets it; {@link MySqlOutboxTest} runs it as the server here is set up.
 */
class MySqlOutboxRowByRowTest extends OutboxContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected Outbox emptyOutbox() {
        database = MYSQL.emptyDatabase();
        return new JdbiOutbox(database.jdbi(), false, false);
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }

    @Test
    void oneInsertIsUsedExactlyWhereInnoDbGivesAStatementConsecutiveIds() {
        database = MYSQL.emptyDatabase();
        int mode = database.jdbi().withHandle(handle -> handle.createQuery("SELECT @@innodb_autoinc_lock_mode")
                .mapTo(Integer.class).one());
        assertEquals(mode <= 1, JdbiOutbox.consecutiveIds(database.jdbi()), "lock mode " + mode);
    }
}
