package org.astronrpa.openapi.adapters.persistence;

import java.util.function.Supplier;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * One database transaction around the work: the Jdbi adapters called in it run on this thread's handle (Jdbi
 * hands nested calls the handle of the outermost one), so their writes commit together or roll back together —
 * also when the process dies before the commit. READ COMMITTED on every database (MySQL's default is REPEATABLE
 * READ), so that a read after a lost race sees the winner's committed row. A database that does not answer is
 * {@code Unavailable}, as in the adapters.
 */
public final class JdbiTransactions implements Transactions {
    private final Jdbi jdbi;

    public JdbiTransactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> work.get());
        } catch (RuntimeException e) {
            throw DatabaseFailures.translated(e);   // no connection to begin with, or the commit lost it
        }
    }
}
