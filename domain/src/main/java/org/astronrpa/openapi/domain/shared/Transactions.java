package org.astronrpa.openapi.domain.shared;

import java.util.function.Supplier;

/**
 * Runs a piece of work so that what it writes through the persistence ports is stored all together or not at
 * all: a failure, or a process killed half-way, leaves none of it behind.
 */
public interface Transactions {

    /** Runs {@code work} as one transaction; its exception rolls back every write made in it. */
    <T> T atomically(Supplier<T> work);

    /**
     * Runs {@code action} once the transaction in progress on this thread has committed (never after a rollback),
     * or at once when none is in progress; a failing action is logged, not thrown.
     */
    default void afterCommit(Runnable action) {
        action.run();
    }

    /**
     * Runs {@code action} if the transaction in progress on this thread rolls back (never after a commit); never
     * when none is in progress. A failing action is logged, not thrown.
     */
    default void afterRollback(Runnable action) {
    }

    /** For stores that cannot roll back (in memory): runs the work as it is, and callers clean up themselves. */
    Transactions NONE = new Transactions() {
        @Override
        public <T> T atomically(Supplier<T> work) {
            return work.get();
        }
    };
}
