package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transactions on MySQL/MariaDB as START TRANSACTION … COMMIT on connections that stay in autocommit mode. */
class MySqlTransactionsTest {
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @BeforeEach
    void table() {
        database = MYSQL.emptyDatabase();
        database.jdbi().useHandle(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS tx_probe (id INT PRIMARY KEY) ENGINE=InnoDB");
            handle.execute("DELETE FROM tx_probe");
        });
    }

    private void insert(int id) {
        database.jdbi().useHandle(handle -> handle.execute("INSERT INTO tx_probe (id) VALUES (?)", id));
    }

    /** The rows as another connection sees them (a thread of its own has no transaction to join). */
    private long countElsewhere() {
        AtomicLong count = new AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> count.set(database.jdbi().withHandle(handle ->
                handle.createQuery("SELECT COUNT(*) FROM tx_probe").mapTo(Long.class).one())));
        try {
            reader.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return count.get();
    }

    private static long setOptionStatements(Handle handle) {
        return handle.createQuery("SHOW SESSION STATUS LIKE 'Com_set_option'")
                .map((row, context) -> row.getLong(2)).one();
    }

    @Test
    void aTransactionCostsNoAutocommitToggle() {
        long[] toggles = new long[1];
        database.jdbi().useHandle(handle -> {   // the units of work below run on this handle's connection
            long before = setOptionStatements(handle);
            for (int i = 0; i < 10; i++) {
                int id = i;
                database.transactions().atomically(() -> {
                    insert(id);
                    return null;
                });
            }
            toggles[0] = setOptionStatements(handle) - before;
            try {
                assertTrue(handle.getConnection().getAutoCommit(), "the connection stays in autocommit mode");
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, toggles[0], "SET statements sent for 10 transactions");
        assertEquals(10, countElsewhere());
    }

    @Test
    void othersSeeATransactionsWritesOnlyOnceItCommitted() {
        long[] during = new long[1];
        database.transactions().atomically(() -> {
            insert(1);
            insert(2);
            during[0] = countElsewhere();
            return null;
        });
        assertEquals(0, during[0]);
        assertEquals(2, countElsewhere());
    }

    @Test
    void aRolledBackTransactionLeavesNothingAndItsConnectionOutsideATransaction() {
        database.jdbi().useHandle(handle -> {
            assertThrows(IllegalStateException.class, () -> database.transactions().atomically(() -> {
                insert(1);
                throw new IllegalStateException("the change failed");
            }));
            assertEquals(0, countElsewhere());
            insert(2);   // autocommit again: seen at once by others
            assertEquals(1, countElsewhere());
        });
    }

    @Test
    void aNestedUnitOfWorkIsPartOfTheOutermostTransaction() {
        assertThrows(IllegalStateException.class, () -> database.transactions().atomically(() -> {
            database.transactions().atomically(() -> {
                insert(1);
                return null;
            });
            throw new IllegalStateException("the outer change failed");
        }));
        assertEquals(0, countElsewhere());
    }

    @Test
    void aConnectionWhoseRollbackFailsIsHandedOverAsBroken() {
        List<Connection> broken = new ArrayList<>();
        MySqlTestDatabase server = TestDatabases.mysql();
        try {
            java.util.Properties credentials = new java.util.Properties();
            if (server.username() != null) {
                credentials.setProperty("user", server.username());
            }
            if (server.password() != null) {
                credentials.setProperty("password", server.password());
            }
            Jdbi jdbi = Jdbi.create(JdbcUrls.mysql(server.jdbcUrl()), credentials);
            jdbi.setTransactionHandler(new ExplicitTransactions(broken::add));
            RuntimeException failed = assertThrows(RuntimeException.class, () -> jdbi.useHandle(handle ->
                    handle.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
                        long id = h.createQuery("SELECT CONNECTION_ID()").mapTo(Long.class).one();
                        database.jdbi().useHandle(other -> other.execute("KILL " + id));
                        return h.createQuery("SELECT 1").mapTo(Integer.class).one();   // the connection is gone
                    })));
            assertEquals(1, broken.size(), "broken: " + failed);
        } finally {
            server.close();
        }
    }
}
