package org.astronrpa.openapi.adapters.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database transaction around the work: the Jdbi adapters called in it run on this thread's handle (Jdbi
 * hands nested calls the handle of the outermost one), so their writes commit together or roll back together —
 * also when the process dies before the commit. READ COMMITTED on every database (MySQL's default is REPEATABLE
 * READ), so that a read after a lost race sees the winner's committed row. A database that does not answer is
 * {@code Unavailable}, as in the adapters. Actions asked for {@link #afterCommit(Runnable) after the commit} run
 * once the outermost transaction on the thread has committed, and never after a rollback.
 */
public final class JdbiTransactions implements Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiTransactions.class);
    private final Jdbi jdbi;
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    public JdbiTransactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        boolean outermost = afterCommit.get() == null;
        if (outermost) {
            afterCommit.set(new ArrayList<>());
        }
        T result;
        List<Runnable> committed;
        try {
            result = jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> work.get());
        } catch (RuntimeException e) {
            throw DatabaseFailures.translated(e);   // no connection to begin with, or the commit lost it
        } finally {
            committed = outermost ? afterCommit.get() : List.of();
            if (outermost) {
                afterCommit.remove();
            }
        }
        for (Runnable action : committed) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("an action after a commit failed", e);
            }
        }
        return result;
    }

    @Override
    public void afterCommit(Runnable action) {
        List<Runnable> pending = afterCommit.get();
        if (pending == null) {
            action.run();
        } else if (!pending.contains(action)) {
            pending.add(action);
        }
    }
}
