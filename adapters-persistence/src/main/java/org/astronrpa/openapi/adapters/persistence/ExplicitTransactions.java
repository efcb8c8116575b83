package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Transactions on MySQL/MariaDB as the statements {@code START TRANSACTION} … {@code COMMIT} / {@code ROLLBACK}, on
 * connections that stay in autocommit mode. Jdbi's own handler turns autocommit off and on around each transaction:
 * two more round trips ({@code SET autocommit=0}, {@code SET autocommit=1}) on every change, which measured as a good
 * part of what a change with its outbox row costs there (docs/BENCHMARKS.md, issue 11). The server suspends
 * autocommit from {@code START TRANSACTION} to the end of the transaction, so the statements between are one
 * transaction, at the session's isolation level (the pool's READ COMMITTED).
 *
 * <p>A connection must never go back to the pool inside a transaction: with autocommit on, the pool would not roll it
 * back, and the next borrower would work in it. So a commit that fails is rolled back, and a connection whose rollback
 * fails is handed to {@code broken} (the pool evicts it).
 */
final class ExplicitTransactions implements TransactionHandler {
    private final Consumer<Connection> broken;

    ExplicitTransactions(Consumer<Connection> broken) {
        this.broken = broken;
    }

    @Override
    public TransactionHandler specialize(Handle handle) {
        return new Bound(broken);
    }

    // a handle always gets its own Bound (specialize); these are never called on the unbound handler
    @Override
    public void begin(Handle handle) {
        throw unbound();
    }

    @Override
    public void commit(Handle handle) {
        throw unbound();
    }

    @Override
    public void rollback(Handle handle) {
        throw unbound();
    }

    @Override
    public boolean isInTransaction(Handle handle) {
        throw unbound();
    }

    @Override
    public void savepoint(Handle handle, String name) {
        throw unbound();
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
        throw unbound();
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
        throw unbound();
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) {
        throw unbound();
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                    HandleCallback<R, X> callback) {
        throw unbound();
    }

    private static IllegalStateException unbound() {
        return new IllegalStateException("a Jdbi handle specializes its transaction handler before using it");
    }

    /** The handler of one handle: whether a transaction is open on its connection. */
    private static final class Bound implements TransactionHandler {
        private final Consumer<Connection> broken;
        private boolean open;

        Bound(Consumer<Connection> broken) {
            this.broken = broken;
        }

        @Override
        public void begin(Handle handle) {
            if (!open) {
                run(handle, "START TRANSACTION", "Failed to start transaction");
                open = true;
            }
        }

        @Override
        public void commit(Handle handle) {
            if (!open) {
                return;
            }
            try {
                run(handle, "COMMIT", "Failed to commit transaction");
                open = false;
            } catch (TransactionException failed) {
                try {
                    rollback(handle);
                } catch (RuntimeException alsoFailed) {
                    failed.addSuppressed(alsoFailed);
                }
                throw failed;
            }
        }

        @Override
        public void rollback(Handle handle) {
            if (!open) {
                return;
            }
            open = false;
            try {
                run(handle, "ROLLBACK", "Failed to roll back transaction");
            } catch (TransactionException failed) {
                broken.accept(handle.getConnection());   // it may still be inside the transaction: never reuse it
                throw failed;
            }
        }

        @Override
        public boolean isInTransaction(Handle handle) {
            return open;
        }

        @Override
        public void savepoint(Handle handle, String name) {
            run(handle, "SAVEPOINT " + identifier(name), "Unable to create savepoint " + name);
        }

        @Override
        public void rollbackToSavepoint(Handle handle, String name) {
            run(handle, "ROLLBACK TO SAVEPOINT " + identifier(name), "Unable to roll back to savepoint " + name);
        }

        @Override
        public void releaseSavepoint(Handle handle, String name) {
            run(handle, "RELEASE SAVEPOINT " + identifier(name), "Unable to release savepoint " + name);
        }

        @Override
        public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
            if (open) {
                throw new IllegalStateException("Already in transaction");
            }
            handle.begin();   // through the handle, which runs Jdbi's own transaction callbacks
            R result;
            try {
                result = callback.withHandle(handle);
            } catch (Throwable failed) {
                if (open) {
                    try {
                        handle.rollback();
                    } catch (RuntimeException alsoFailed) {
                        failed.addSuppressed(alsoFailed);
                    }
                }
                throw failed;
            }
            if (open) {
                handle.commit();
            }
            return result;
        }

        @Override
        public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                        HandleCallback<R, X> callback) throws X {
            TransactionIsolationLevel initial = handle.getTransactionIsolationLevel();
            if (level == initial || level == TransactionIsolationLevel.UNKNOWN) {
                return inTransaction(handle, callback);
            }
            try {
                handle.setTransactionIsolationLevel(level);
                return inTransaction(handle, callback);
            } finally {
                handle.setTransactionIsolationLevel(initial);
            }
        }

        private static void run(Handle handle, String sql, String failure) {
            try (Statement statement = handle.getConnection().createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new TransactionException(failure, e);
            }
        }

        private static String identifier(String name) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("savepoint name " + name + " is not a plain identifier");
            }
            return name;
        }
    }
}
