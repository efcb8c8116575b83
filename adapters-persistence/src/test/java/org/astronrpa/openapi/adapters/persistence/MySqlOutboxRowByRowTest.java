package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.astronrpa.openapi.domain.shared.Outbox;
import org.junit.jupiter.api.Test;

/**
 * The outbox contract on MySQL/MariaDB with one INSERT a row, as a server whose InnoDB may interleave ids (MySQL 8's
 * default lock mode) gets it; {@link MySqlOutboxTest} runs it as the server here is set up.
 */
class MySqlOutboxRowByRowTest extends MySqlOutboxTest {

    @Override
    protected Outbox outboxOf(Database database) {
        return new JdbiOutbox(database.jdbi(), false, false);
    }

    @Test
    void oneInsertIsUsedExactlyWhereInnoDbGivesAStatementConsecutiveIds() {
        Database database = MYSQL.emptyDatabase();
        int mode = database.jdbi().withHandle(handle -> handle.createQuery("SELECT @@innodb_autoinc_lock_mode")
                .mapTo(Integer.class).one());
        assertEquals(mode <= 1, JdbiOutbox.consecutiveIds(database.jdbi()), "lock mode " + mode);
    }
}
