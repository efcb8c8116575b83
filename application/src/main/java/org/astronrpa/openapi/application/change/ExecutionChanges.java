package org.astronrpa.openapi.application.change;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * The one path by which executions are created and changed: load, ask the execution what to do, save with the
 * version check, try again on a lost race, and record the resulting event. Nothing else writes executions (an
 * ArchUnit rule keeps it so), so whatever must follow every change (watchers, waiters, metrics, later webhooks and
 * history) follows the recorded events. A change and its events are one transaction: with the outbox as the
 * recorder, both are stored or neither.
 */
public final class ExecutionChanges {

    /** What the execution, as it is now, decided: its next version, or itself to stay as it is. */
    @FunctionalInterface
    public interface Decision {
        Execution decide(Execution current, Instant now);
    }

    /** What a change came to. */
    public sealed interface Outcome {
        /** Stored, and its event recorded. */
        record Changed(Execution before, Execution after) implements Outcome {
        }

        /** The execution decided to stay as it is. */
        record Unchanged(Execution current) implements Outcome {
        }

        /** There is no such execution (any more). */
        record Missing(ExecutionId id) implements Outcome {
        }
    }

    private final ExecutionRepository executions;
    private final Transactions transactions;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;

    public ExecutionChanges(ExecutionRepository executions, Transactions transactions, DomainEvents events,
                            IdGenerator ids, TimeSource time) {
        this.executions = executions;
        this.transactions = transactions;
        this.events = events;
        this.ids = ids;
        this.time = time;
    }

    /** Stores a new execution and records that it was queued, in one transaction. */
    public void accept(Execution accepted) {
        accept(accepted, accepted);
    }

    /**
     * Stores a new execution as {@code stored}: {@code accepted} itself, or the next version of it, decided by it at
     * once (a robot took it as it arrived). Records that it was queued and, for a next version, that change too: both
     * events and the row are one transaction, so that a start costs one write where a dispatch follows at once.
     */
    public void accept(Execution accepted, Execution stored) {
        accept(accepted, stored, Optional::empty);
    }

    /**
     * Stores a new execution in one transaction with {@code first}, unless {@code first} answers with a reason not to
     * (then nothing is stored and the reason is returned), and records that it was queued.
     */
    public <T> Optional<T> accept(Execution accepted, Supplier<Optional<T>> first) {
        return accept(accepted, accepted, first);
    }

    /** {@link #accept(Execution, Supplier)} of an execution stored as {@code stored} ({@link #accept(Execution, Execution)}). */
    public <T> Optional<T> accept(Execution accepted, Execution stored, Supplier<Optional<T>> first) {
        if (stored != accepted && !(stored.id().equals(accepted.id()) && stored.version() == accepted.version() + 1)) {
            throw new IllegalArgumentException("execution " + stored.id() + " v" + stored.version()
                    + " is not the next version of the accepted " + accepted.id() + " v" + accepted.version());
        }
        return transactions.atomically(() -> {
            Optional<T> reason = first.get();
            if (reason.isEmpty()) {
                executions.insert(stored);
                List<ExecutionEvent> recorded = new ArrayList<>(2);
                Instant now = time.now();
                ExecutionEvent.of(Optional.empty(), accepted, ids::newId, now).ifPresent(recorded::add);
                if (stored != accepted) {
                    ExecutionEvent.of(Optional.of(accepted.status()), stored, ids::newId, now).ifPresent(recorded::add);
                }
                events.record(recorded);
            }
            return reason;
        });
    }

    /**
     * Stores new executions in one transaction with {@code first} (run before them), each recorded as queued, as
     * {@link #accept(Execution)} stores one: the scheduler queues the executions of many occurrences at once.
     */
    public void acceptAll(List<Execution> accepted, Runnable first) {
        transactions.atomically(() -> {
            first.run();
            if (!accepted.isEmpty()) {
                executions.insertAll(accepted);
                List<ExecutionEvent> recorded = new ArrayList<>(accepted.size());
                Instant now = time.now();
                for (Execution execution : accepted) {
                    ExecutionEvent.of(Optional.empty(), execution, ids::newId, now).ifPresent(recorded::add);
                }
                events.record(recorded);
            }
            return null;
        });
    }

    /** Changes the stored execution {@code id} as it decides. */
    public Outcome change(ExecutionId id, Decision decision) {
        return LostRaces.retry(() -> executions.find(id)
                .map(current -> once(current, decision, null))
                .orElseGet(() -> new Outcome.Missing(id)));
    }

    /**
     * Changes an execution just read ({@code seen}) as it decides; after a lost race, the stored one decides again.
     */
    public Outcome change(Execution seen, Decision decision) {
        return change(seen, decision, null);
    }

    /**
     * {@link #change(Execution, Decision)}, and {@code whenStored} is given the stored next version as soon as it is
     * committed, before its events are published: what must hold before anyone hears of the change (a robot free
     * again before its run's end reaches the caller, who may start the next one at once). It must not throw.
     */
    public Outcome change(Execution seen, Decision decision, Consumer<Execution> whenStored) {
        Execution[] next = {seen};
        return LostRaces.retry(() -> {
            Optional<Execution> current = next[0] != null ? Optional.of(next[0]) : executions.find(seen.id());
            next[0] = null;   // a retry reloads
            return current.map(c -> once(c, decision, whenStored)).orElseGet(() -> new Outcome.Missing(seen.id()));
        });
    }

    private Outcome once(Execution current, Decision decision, Consumer<Execution> whenStored) {
        Execution decided = decision.decide(current, time.now());
        if (decided == current) {
            return new Outcome.Unchanged(current);
        }
        return transactions.atomically(() -> {
            executions.update(current, decided);
            if (whenStored != null) {
                // registered before the events' hand-over, so it runs first once the transaction commits
                transactions.afterCommit(() -> whenStored.accept(decided));
            }
            record(Optional.of(current.status()), decided);
            return new Outcome.Changed(current, decided);
        });
    }

    private void record(Optional<ExecutionStatus> before, Execution after) {
        ExecutionEvent.of(before, after, ids::newId, time.now()).ifPresent(events::record);
    }
}
