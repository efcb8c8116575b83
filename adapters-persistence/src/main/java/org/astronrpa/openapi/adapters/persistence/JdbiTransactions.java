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
 * once the outermost transaction on the thread has committed, and never after a rollback; those asked for
 * {@link #afterRollback(Runnable) after a rollback} only when it rolled back.
 */
public final class JdbiTransactions implements Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiTransactions.class);
    private final Jdbi jdbi;
    private final ThreadLocal<Completion> inProgress = new ThreadLocal<>();

    /** What to run when the outermost transaction on a thread ends. */
    private static final class Completion {
        final List<Runnable> afterCommit = new ArrayList<>();
        final List<Runnable> afterRollback = new ArrayList<>();
    }

    public JdbiTransactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        Completion outer = inProgress.get();
        Completion completion = outer != null ? outer : new Completion();
        if (outer == null) {
            inProgress.set(completion);
        }
        T result;
        try {
            result = jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> work.get());
        } catch (RuntimeException | Error e) {
            if (outer == null) {
                inProgress.remove();
                runAll(completion.afterRollback, "a rollback");
            }
            if (e instanceof RuntimeException failure) {
                throw DatabaseFailures.translated(failure);   // no connection to begin with, or the commit lost it
            }
            throw e;
        }
        if (outer == null) {
            inProgress.remove();
            runAll(completion.afterCommit, "a commit");
        }
        return result;
    }

    private static void runAll(List<Runnable> actions, String after) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("an action after {} failed", after, e);
            }
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        Completion completion = inProgress.get();
        if (completion == null) {
            action.run();
        } else if (!completion.afterCommit.contains(action)) {
            completion.afterCommit.add(action);
        }
    }

    /**
     * Runs {@code action} if the outermost transaction on this thread rolls back — also when its commit fails, which
     * may leave the outcome unknown to the client: the action must then be safe either way (the relay's is).
     */
    @Override
    public void afterRollback(Runnable action) {
        Completion completion = inProgress.get();
        if (completion != null) {
            completion.afterRollback.add(action);
        }
    }
}
